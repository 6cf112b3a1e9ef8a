/** Where Electron's executable is, or null when the package or its binary is missing. */
export function electronBinary(): string | null;

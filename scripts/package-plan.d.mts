export const ELECTRON_BUILDER: string;
export interface PackageStep {
  what: string;
  command: string;
  args: string[];
}
export function packagePlan(machine: {
  nodeVersion: string;
  electronBinary: string | null;
}): { refuse: string } | { steps: PackageStep[] };

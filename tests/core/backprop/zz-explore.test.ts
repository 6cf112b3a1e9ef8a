import { it } from 'vitest';
import { loadNames } from '../../../core/data/load-names-node';
import { runLectureFull, toDump } from '../../../core/mlp/run';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import { buildSchedule } from '../../../core/backprop/schedule';
it('x', () => {
  for (const variant of ['atomic', 'fused'] as const) {
  const d = toDump(runLectureFull({ ...DEFAULT_CONFIG, variant }, loadNames()));
  const s = buildSchedule(d);
  for (const st of s.steps) {
    console.log(`#${st.index} ${st.target} ${st.kind} ${st.shape} cmp=${JSON.stringify(st.cmp)} fused=${JSON.stringify(st.fused)}`);
    for (const l of st.lines) console.log('   ', l);
    console.log('    tex:', st.latex);
    for (const c of st.contributions) console.log('    local:', c.local, ' edges:', c.edges.map(e => `${e.consumer}->${e.producer}`).join(' '));
    for (const r of st.reductions) console.log('    R:', r.sentence, r.text);
    for (const e of st.expansions) console.log('    E:', e.sentence);
    for (const sp of st.special) console.log('    S:', sp.kind, sp.note);
    for (const m of st.manual) console.log('    M:', m.source);
    console.log('    completes:', st.completes.join(' '));
  }
  console.log(JSON.stringify(s.collapsed));
  }
});

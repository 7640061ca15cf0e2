/** Default label colours, cycled by position (a categorical palette that stays readable). */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function defaultColor(position: number): string {
  return PALETTE[position % PALETTE.length] ?? '#1f77b4';
}

/** Where a move lands: clamped to the session, so next at the end stays at the end. */
export function targetPosition(size: number, current: number, to: 'next' | 'previous' | number): number {
  if (size === 0) return 0;
  const wanted = to === 'next' ? current + 1 : to === 'previous' ? current - 1 : to;
  return Math.min(Math.max(wanted, 0), size - 1);
}

import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export type BadgeStatus = 'ok' | 'degraded' | 'down' | 'up' | 'unknown';

const LABELS: Record<BadgeStatus, string> = {
  ok: 'OK',
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
};

const ICONS: Record<BadgeStatus, string> = {
  ok: '●',
  up: '●',
  degraded: '▲',
  down: '■',
  unknown: '○',
};

/** A status pill; colour is never the only signal (icon shape + text label). */
@Component({
  selector: 'rf-status-badge',
  template: `<span class="icon" aria-hidden="true">{{ icon() }}</span
    >{{ label() }}`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.3em;
      padding: 0.1em 0.6em;
      border-radius: 999px;
      font-size: 0.85em;
      font-weight: 600;
      white-space: nowrap;
      color: var(--rf-unknown);
      background: var(--rf-unknown-bg);
    }
    :host(.status-ok),
    :host(.status-up) {
      color: var(--rf-ok);
      background: var(--rf-ok-bg);
    }
    :host(.status-degraded) {
      color: var(--rf-warn);
      background: var(--rf-warn-bg);
    }
    :host(.status-down) {
      color: var(--rf-down);
      background: var(--rf-down-bg);
    }
    .icon {
      font-size: 0.8em;
    }
  `,
  host: {
    '[class]': '"status-" + status()',
    '[attr.data-status]': 'status()',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusBadge {
  readonly status = input.required<BadgeStatus>();
  protected readonly label = computed(() => LABELS[this.status()]);
  protected readonly icon = computed(() => ICONS[this.status()]);
}

import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** The shell: a top bar with the product name and area navigation, and the routed page. */
@Component({
  selector: 'rf-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  templateUrl: './app.html',
  styleUrl: './app.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly nav = [
    { path: '/', label: 'Health', exact: true },
    { path: '/projects', label: 'Projects', exact: false },
  ] as const;
}

import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Placeholder for the projects area until the records service exposes projects. */
@Component({
  selector: 'rf-projects-page',
  imports: [RouterLink],
  template: `
    <h1>Projects</h1>
    <section class="placeholder" aria-labelledby="projects-pending">
      <h2 id="projects-pending">Coming with the records service</h2>
      <p>
        The project list arrives with the records service. Until then, check that the platform is up
        on the <a routerLink="/">health page</a>.
      </p>
    </section>
  `,
  styles: `
    h1 {
      margin: 0 0 1rem;
      font-size: 1.5rem;
    }
    .placeholder {
      padding: 1.5rem;
      border: 1px dashed var(--rf-border);
      border-radius: 8px;
      background: var(--rf-surface);
    }
    h2 {
      margin: 0 0 0.5rem;
      font-size: 1.1rem;
    }
    p {
      margin: 0;
      color: var(--rf-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectsPage {}

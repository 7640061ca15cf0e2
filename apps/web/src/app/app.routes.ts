import type { Routes } from '@angular/router';

/** One lazily loaded route file per area (`pages/<area>/<area>.routes.ts`). */
export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    loadChildren: () => import('./pages/home/home.routes').then((m) => m.routes),
  },
  {
    path: 'projects',
    loadChildren: () => import('./pages/projects/projects.routes').then((m) => m.routes),
  },
  { path: '**', redirectTo: '' },
];

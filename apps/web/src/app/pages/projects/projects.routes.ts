import type { Routes } from '@angular/router';

import { ProjectsPage } from './projects-page';

export const routes: Routes = [{ path: '', component: ProjectsPage, title: 'Projects · refinery' }];

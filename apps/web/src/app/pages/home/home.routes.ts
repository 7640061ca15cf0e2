import type { Routes } from '@angular/router';

import { HomePage } from './home-page';

export const routes: Routes = [{ path: '', component: HomePage, title: 'Health · refinery' }];

/** Injection token of the route table (the module provides `apiRoutes`). */
export const API_ROUTES = Symbol('API_ROUTES');

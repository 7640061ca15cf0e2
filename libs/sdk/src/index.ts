export { RefineryClient, type ClientOptions, type InputOf, type OutputOf, type ParamsOf } from './client.js';
export { RefineryApiError } from './api-error.js';
export { api, type Api, type EndpointName, type ProjectWithRole } from './api-endpoints.js';
export { fillPath, pathParams, type BinaryBody, type Endpoint, type HttpMethod, type PathParams } from './endpoints.js';

import { LookupListSubjects, LookupTermSubjects } from '@refinery/contracts';
import { inProject, routesOf } from './api-route.js';

const r = routesOf('lookup-lists');

export const lookupListRoutes = [
  r.contract(LookupListSubjects.list, { method: 'GET', path: inProject('/lookup-lists'), action: 'browser.read', summary: 'Lookup lists (without their terms)' }),
  r.contract(LookupListSubjects.create, { method: 'POST', path: inProject('/lookup-lists'), action: 'heuristics.write', status: 201, audit: 'lookup_list.created', summary: 'Create a lookup list' }),
  r.contract(LookupListSubjects.get, { method: 'GET', path: inProject('/lookup-lists/:listId'), action: 'browser.read', summary: 'A lookup list with its terms' }),
  r.contract(LookupListSubjects.update, { method: 'PATCH', path: inProject('/lookup-lists/:listId'), action: 'heuristics.write', audit: 'lookup_list.updated', summary: 'Rename or describe a list (its python variable stays unless given)' }),
  r.contract(LookupListSubjects.delete, { method: 'DELETE', path: inProject('/lookup-lists/:listId'), action: 'heuristics.write', audit: 'lookup_list.deleted', summary: 'Delete a lookup list' }),
  r.contract(LookupTermSubjects.add, { method: 'POST', path: inProject('/lookup-lists/:listId/terms'), action: 'heuristics.write', audit: 'lookup_list.terms_added', summary: 'Add terms' }),
  r.contract(LookupTermSubjects.paste, { method: 'POST', path: inProject('/lookup-lists/:listId/terms/paste'), action: 'heuristics.write', audit: 'lookup_list.terms_pasted', summary: 'Paste terms as text split on a separator' }),
  r.contract(LookupTermSubjects.remove, { method: 'POST', path: inProject('/lookup-lists/:listId/terms/remove'), action: 'heuristics.write', audit: 'lookup_list.terms_removed', summary: 'Remove terms' }),
  r.contract(LookupTermSubjects.blacklist, { method: 'PUT', path: inProject('/lookup-lists/:listId/terms/blacklist'), action: 'heuristics.write', audit: 'lookup_list.term_blacklisted', summary: 'Blacklist (or restore) one term' }),
];

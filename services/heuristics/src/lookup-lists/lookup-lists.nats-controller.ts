import { Controller, Inject } from '@nestjs/common';
import { LookupListSubjects, LookupTermSubjects, MAX_TERMS_PER_LIST, type Envelope, type ReplyOf, type RequestOf } from '@refinery/contracts';
import { NatsRequestHandler } from '@refinery/server-nats';
import { ProjectAccessService } from '../access/project-access.service.js';
import { invalid } from '../shared/errors.js';
import { LookupListsService } from './lookup-lists.service.js';
import { splitPaste } from './split-paste.js';

type L = typeof LookupListSubjects;
type T = typeof LookupTermSubjects;

@Controller()
export class LookupListsNatsController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(LookupListsService) private readonly lists: LookupListsService,
  ) {}

  @NatsRequestHandler(LookupListSubjects.create)
  async create(env: Envelope<RequestOf<L['create']>>): Promise<ReplyOf<L['create']>> {
    return this.lists.create(await this.access.require(env, 'write'), env.payload);
  }

  @NatsRequestHandler(LookupListSubjects.list)
  async list(env: Envelope<RequestOf<L['list']>>): Promise<ReplyOf<L['list']>> {
    return { lists: await this.lists.list(await this.access.require(env, 'read')) };
  }

  @NatsRequestHandler(LookupListSubjects.get)
  async get(env: Envelope<RequestOf<L['get']>>): Promise<ReplyOf<L['get']>> {
    return this.lists.get(await this.access.require(env, 'read'), env.payload.listId);
  }

  @NatsRequestHandler(LookupListSubjects.update)
  async update(env: Envelope<RequestOf<L['update']>>): Promise<ReplyOf<L['update']>> {
    const { listId, ...changes } = env.payload;
    return this.lists.update(await this.access.require(env, 'write'), listId, changes);
  }

  @NatsRequestHandler(LookupListSubjects.delete)
  async delete(env: Envelope<RequestOf<L['delete']>>): Promise<ReplyOf<L['delete']>> {
    await this.lists.delete(await this.access.require(env, 'write'), env.payload.listId);
    return { deleted: true };
  }

  @NatsRequestHandler(LookupTermSubjects.add)
  async add(env: Envelope<RequestOf<T['add']>>): Promise<ReplyOf<T['add']>> {
    return this.lists.addTerms(await this.access.require(env, 'write'), env.payload.listId, env.payload.terms);
  }

  @NatsRequestHandler(LookupTermSubjects.paste)
  async paste(env: Envelope<RequestOf<T['paste']>>): Promise<ReplyOf<T['paste']>> {
    const terms = splitPaste(env.payload.text, env.payload.separator);
    const tooLong = terms.findIndex((t) => t.length > 500);
    if (tooLong >= 0) throw invalid('text', `piece ${tooLong + 1} is ${terms[tooLong]?.length} characters long; a term has at most 500`);
    if (terms.length > MAX_TERMS_PER_LIST) throw invalid('text', `holds ${terms.length} terms; a list has at most ${MAX_TERMS_PER_LIST}`);
    return this.lists.addTerms(await this.access.require(env, 'write'), env.payload.listId, terms);
  }

  @NatsRequestHandler(LookupTermSubjects.remove)
  async remove(env: Envelope<RequestOf<T['remove']>>): Promise<ReplyOf<T['remove']>> {
    return this.lists.removeTerms(await this.access.require(env, 'write'), env.payload.listId, env.payload.terms);
  }

  @NatsRequestHandler(LookupTermSubjects.blacklist)
  async blacklist(env: Envelope<RequestOf<T['blacklist']>>): Promise<ReplyOf<T['blacklist']>> {
    return this.lists.blacklist(await this.access.require(env, 'write'), env.payload.listId, env.payload.term, env.payload.blacklisted);
  }
}

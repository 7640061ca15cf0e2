import { CliError } from '../cli-error.js';
import { positional, str, type Command } from '../command.js';
import { resolveLabel, resolveProject, resolveRecord, resolveTask } from '../resolve.js';

const KINDS = { classification: 'CLASSIFICATION', 'multi-label': 'MULTI_LABEL_CLASSIFICATION', extraction: 'EXTRACTION' } as const;

const taskCreate: Command = {
  name: 'task create',
  usage: 'task create <project> <name> --type classification|multi-label|extraction [--attribute A] --labels a,b',
  options: { type: 'string', attribute: 'string', labels: 'string' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref, name] = positional(args, ['project', 'name'], this.usage);
    const type = str(opts, 'type') ?? 'classification';
    const kind = KINDS[type as keyof typeof KINDS];
    if (!kind) throw new CliError(`--type must be one of ${Object.keys(KINDS).join(', ')}, got "${type}"`);
    const attribute = str(opts, 'attribute');
    if (kind === 'EXTRACTION' && !attribute) throw new CliError('an extraction task needs --attribute (the text it marks spans in)');
    const projectId = await resolveProject(ctx.client, ref!);
    let attributeId: string | null = null;
    if (attribute) {
      const { attributes } = await ctx.client.call('listAttributes', { projectId }, {});
      const found = attributes.find((a) => a.name === attribute || a.id === attribute);
      if (!found) throw new CliError(`no attribute "${attribute}"; attributes: ${attributes.map((a) => a.name).join(', ')}`);
      attributeId = found.id;
    }
    const labels = (str(opts, 'labels') ?? '').split(',').map((l) => l.trim()).filter(Boolean).map((l) => ({ name: l }));
    const task = await ctx.client.call('createTask', { projectId }, { name: name!, kind, attributeId, labels });
    ctx.print(task, () => `task ${task.id} "${task.name}" with labels ${task.labels.map((l) => l.name).join(', ') || 'none'}`);
  },
};

const labelRename: Command = {
  name: 'label rename',
  usage: 'label rename <project> <task> <old> <new>',
  async run(ctx, args) {
    ctx.requireToken();
    const [ref, taskRef, from, to] = positional(args, ['project', 'task', 'old', 'new'], this.usage);
    const projectId = await resolveProject(ctx.client, ref!);
    const label = resolveLabel(await resolveTask(ctx.client, projectId, taskRef!), from!);
    const updated = await ctx.client.call('updateLabel', { projectId, labelId: label.id }, { name: to! });
    ctx.print(updated, () => `label "${from}" is now "${to}"`);
  },
};

const labelSet: Command = {
  name: 'label set',
  usage: 'label set <project> <task> <record-key> <label> [--span start:end]',
  options: { span: 'string' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref, taskRef, recordRef, labelRef] = positional(args, ['project', 'task', 'record-key', 'label'], this.usage);
    const projectId = await resolveProject(ctx.client, ref!);
    const task = await resolveTask(ctx.client, projectId, taskRef!);
    const label = resolveLabel(task, labelRef!);
    const recordId = await resolveRecord(ctx.client, projectId, recordRef!);
    const span = str(opts, 'span');
    if (span !== undefined || task.kind === 'EXTRACTION') {
      const m = /^(\d+):(\d+)$/.exec(span ?? '');
      if (!m) throw new CliError(`an extraction label needs --span start:end (characters, end exclusive), got "${span ?? ''}"`);
      const added = await ctx.client.call('addSpan', { projectId, recordId }, { taskId: task.id, labelId: label.id, start: Number(m[1]), end: Number(m[2]) });
      ctx.print(added, () => `span [${added.start}, ${added.end}) "${added.text ?? ''}" labelled ${label.name}`);
      return;
    }
    const reply = await ctx.client.call('setLabels', { projectId, recordId, taskId: task.id }, { labelIds: [label.id] });
    ctx.print(reply, () => `record ${recordRef} labelled ${label.name} in ${task.name}`);
  },
};

const lookupAdd: Command = {
  name: 'lookup add',
  usage: 'lookup add <project> <list> <terms...>   (the list is created when missing)',
  async run(ctx, args) {
    ctx.requireToken();
    const [ref, listName] = positional(args, ['project', 'list'], this.usage);
    const terms = args.slice(2);
    if (terms.length === 0) throw new CliError('lookup add needs at least one term');
    const projectId = await resolveProject(ctx.client, ref!);
    const { lists } = await ctx.client.call('listLookupLists', { projectId }, {});
    const list = lists.find((l) => l.name === listName || l.id === listName || l.pythonVariable === listName) ?? (await ctx.client.call('createLookupList', { projectId }, { name: listName! }));
    const reply = await ctx.client.call('addTerms', { projectId, listId: list.id }, { terms });
    ctx.print(reply, () => `${terms.length} term(s) given to ${list.name} (python: ${list.pythonVariable})`);
  },
};

export const labelingCommands = [taskCreate, labelRename, labelSet, lookupAdd];

import { refinerySampleIds, type RefinerySampleId } from '@refinery/contracts';
import { table } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { bool, positional, str, type Command } from '../command.js';
import { resolveProject } from '../resolve.js';

const list: Command = {
  name: 'project list',
  usage: 'project list',
  async run(ctx) {
    ctx.requireToken();
    const { projects } = await ctx.client.call('listProjects', {}, {});
    ctx.print(projects, () => table(projects.map((p) => [p.id, p.name, p.orgId, p.role]), ['ID', 'NAME', 'ORGANIZATION', 'ROLE']));
  },
};

/** A sample id (`clickbait-initial`); `clickbait_initial` (the file's spelling) is accepted too. */
function sampleId(text: string): RefinerySampleId {
  const found = refinerySampleIds.find((id) => id === text.replace(/_/g, '-'));
  if (!found) throw new CliError(`unknown sample "${text}"; samples: ${refinerySampleIds.join(', ')}`);
  return found;
}

const create: Command = {
  name: 'project create',
  usage: 'project create <name> [--sample <id>] [--description <text>] [--org <organization>]',
  options: { sample: 'string', description: 'string', org: 'string' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [name] = positional(args, ['name'], this.usage);
    const org = str(opts, 'org');
    const sample = str(opts, 'sample');
    if (sample) {
      const imported = await ctx.client.call('importSample', {}, { sampleId: sampleId(sample), name: name!, ...(org ? { orgId: org } : {}) });
      ctx.print(imported, () => `project ${imported.projectId} created from sample ${sample}`);
      return;
    }
    const description = str(opts, 'description');
    const project = await ctx.client.call('createProject', {}, { name: name!, ...(description ? { description } : {}), ...(org ? { orgId: org } : {}) });
    ctx.print(project, () => `project ${project.id} "${project.name}" created`);
  },
};

const show: Command = {
  name: 'project show',
  usage: 'project show <project>',
  async run(ctx, args) {
    ctx.requireToken();
    const [ref] = positional(args, ['project'], this.usage);
    const projectId = await resolveProject(ctx.client, ref!);
    const p = await ctx.client.call('getProject', { projectId }, {});
    ctx.print(p, () => `${p.name} (${p.id})\n  records: ${p.recordCount}\n  attributes: ${p.attributeCount}\n  tasks: ${p.taskCount}\n  created: ${p.createdAt}`);
  },
};

const remove: Command = {
  name: 'project delete',
  usage: 'project delete <project> --yes',
  options: { yes: 'boolean' },
  async run(ctx, args, opts) {
    ctx.requireToken();
    const [ref] = positional(args, ['project'], this.usage);
    if (!bool(opts, 'yes')) throw new CliError(`deleting "${ref}" removes all its data; add --yes to confirm`);
    const projectId = await resolveProject(ctx.client, ref!);
    const reply = await ctx.client.call('deleteProject', { projectId }, {});
    ctx.print(reply, () => `project ${projectId} deleted`);
  },
};

export const projectCommands = [list, create, show, remove];

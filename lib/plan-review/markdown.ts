/**
 * Renders plans as one Markdown pull-request comment, split into parts that each fit a size
 * limit. The comment is built from blocks that are valid Markdown on their own (a resource, a
 * stack's summary, ...); parts break only between blocks, so no part ends inside a code block or
 * a `<details>` element.
 */
import type { CapacityContext } from "./capacity";
import { capacityReport, hasProxmoxVms } from "./capacity";
import { renderCapacity } from "./capacity-markdown";
import type { ConstructPaths } from "./construct-paths";
import { constructPathOf } from "./construct-paths";
import type { MaskOptions } from "./diff";
import { describeChange, formatEntryLines, formatPath, formatValue, secretNameRule } from "./diff";
import { commentKey, partMarker, stackMarker } from "./markers";
import type { Change, ResourceChange, TerraformPlan } from "./plan";
import { checkPlan } from "./plan";
import type { PlanRisks } from "./risks";
import { findRisks, PROXMOX_VM } from "./risks";
import type { ChangeKind } from "./summary";
import { changedOutputs, changeKind, countChanges, countLabels, hasNoCounts, isImport, isMove, isReported, terraformSummary } from "./summary";

/** GitHub's limit on the length of an issue or pull-request comment. */
export const DEFAULT_MAX_CHARS = 65536;
/** Below this a part cannot hold a stack's summary and a resource. */
export const MIN_MAX_CHARS = 3000;
/** Items listed per warning before "and N more". */
const MAX_LISTED = 10;

/** One stack's plan with what is known about it. */
export interface StackPlan {
  /** Stack name (`dev-infra`). */
  readonly name: string;
  readonly plan: TerraformPlan;
  /** Construct paths from the synthesized stack, when given. */
  readonly constructPaths?: ConstructPaths;
  /** The environment behind the stack, for the capacity section; none, no section. */
  readonly capacity?: CapacityContext;
}

/** Rendering options. */
export interface RenderOptions {
  /**
   * Longest part, in UTF-16 code units (never fewer than the characters a platform counts).
   * @default 65536
   */
  readonly maxChars?: number;
  /**
   * Attribute and output name patterns masked even without Terraform's sensitivity markers.
   * @default DEFAULT_SECRET_PATTERNS
   */
  readonly secretPatterns?: MaskOptions["secretPatterns"];
}

/** The rendered comment: one or more parts, the summary in the first. */
export interface RenderedComment {
  /** Identifies this comment series (see markers.ts). */
  readonly key: string;
  readonly parts: readonly string[];
}

interface Block {
  readonly text: string;
  /** The stack the block belongs to; a part that starts with it repeats the stack's name. */
  readonly stack?: string;
  /** True when the block starts with its own section heading. */
  readonly headed?: boolean;
}

const icons: Record<ChangeKind, string> = {
  create: "🟢",
  update: "🟡",
  delete: "🔴",
  replace: "♻️",
  "create-then-delete": "♻️",
  "create-then-forget": "♻️",
  read: "📖",
  forget: "✂️",
  unknown: "❓",
  "no-op": "⚪",
};

/** What the action does, in Terraform's words (`terraform plan`'s legend and resource headings). */
const verbs: Record<ChangeKind, string> = {
  create: "create",
  update: "update in-place",
  delete: "destroy",
  replace: "-/+ destroy and then create replacement",
  "create-then-delete": "+/- create replacement and then destroy",
  "create-then-forget": "create replacement",
  read: "read",
  forget: "forget",
  unknown: "unknown action",
  "no-op": "no change",
};

/** Short action names for the summary table. */
const shortVerbs: Record<ChangeKind, string> = {
  create: "create",
  update: "update",
  delete: "destroy",
  replace: "-/+ replace",
  "create-then-delete": "+/- replace",
  "create-then-forget": "replace, keep old",
  read: "read",
  forget: "forget",
  unknown: "unknown",
  "no-op": "import/move",
};

const order: Record<ChangeKind, number> = {
  unknown: 0,
  replace: 1,
  "create-then-delete": 2,
  "create-then-forget": 3,
  delete: 4,
  forget: 5,
  update: 6,
  create: 7,
  read: 8,
  "no-op": 9,
};

/** Terraform's heading of a forget (`removed { lifecycle { destroy = false } }`), and its note. */
const FORGET_TEXT = "will no longer be managed by Terraform, but will not be destroyed";
/** Terraform's heading of a replacement whose old object is kept. */
const REPLACE_FORGET_TEXT = "must be replaced, but the existing object will not be destroyed";
const FORGET_NOTE = "(destroy = false is set in the configuration)";

const reasons: Record<string, string> = {
  replace_because_tainted: "the object is tainted",
  replace_because_cannot_update: "an attribute cannot be updated in place",
  replace_by_request: "replacement was requested (-replace)",
  replace_by_triggers: "replace_triggered_by changed",
  delete_because_no_resource_config: "it is no longer in the configuration",
  delete_because_no_module: "its module is no longer in the configuration",
  delete_because_wrong_repetition: "its count/for_each changed",
  delete_because_count_index: "its count index is out of range",
  delete_because_each_key: "its for_each key no longer exists",
  delete_because_no_move_target: "its moved target is not in the configuration",
  read_because_config_unknown: "its configuration depends on values known only after apply",
  read_because_dependency_pending: "a dependency has pending changes",
  read_because_check_nested: "a check block reads it",
};

/** Terraform's `action_reason` in words. */
export function describeReason(reason: string | undefined): string | undefined {
  if (reason === undefined || reason === "") return undefined;
  return `${reasons[reason] ?? reason.replace(/_/g, " ")} (\`${reason}\`)`;
}

/** A Markdown code span that survives backticks in its content. */
export function code(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

function listed(items: readonly string[], render: (item: string) => string): string[] {
  const lines = items.slice(0, MAX_LISTED).map((item) => `> - ${render(item)}`);
  if (items.length > MAX_LISTED) lines.push(`> - … and ${items.length - MAX_LISTED} more`);
  return lines;
}

function detailsBlock(summary: string, lines: readonly string[], budget: number): string {
  const open = `<details><summary>${summary}</summary>\n\n\`\`\`diff\n`;
  const close = "\n```\n\n</details>\n\n";
  let size = open.length + close.length;
  let shown = 0;
  for (; shown < lines.length; shown++) {
    const next = size + lines[shown].length + 1;
    if (next > budget) break;
    size = next;
  }
  if (shown === lines.length) return `${open}${lines.join("\n")}${close}`;
  const note = (left: number): string => `… ${plural(left, "more line")} not shown (comment size limit)`;
  while (shown > 0 && size + note(lines.length - shown).length + 1 > budget) {
    shown--;
    size -= lines[shown].length + 1;
  }
  const kept = lines.slice(0, shown);
  kept.push(note(lines.length - shown));
  return `${open}${kept.join("\n")}${close}`;
}

/** A change's title, meta line and collapsible diff, cut to `budget` characters when longer. */
function changeText(title: string, meta: readonly string[], lines: readonly string[], summary: string, budget: number): string {
  const head = `${title}${meta.length > 0 ? `<br>\n${meta.join(" · ")}` : ""}\n\n`;
  if (lines.length === 0) return cutLines(head, budget);
  return head + detailsBlock(summary, lines, budget - head.length);
}

/**
 * {@link resourceDetails}, or a note naming the entry when it cannot be rendered: one entry never
 * stops the comment.
 */
function resourceText(rc: ResourceChange, stack: PreparedStack, drift: boolean, budget: number): string {
  try {
    return resourceDetails(rc, stack, drift, budget);
  } catch (error) {
    return cutLines(`⚠️ **could not render** ${code(String(rc.address))}: ${error instanceof Error ? error.message : String(error)}; read it in \`terraform show PLANFILE\`.\n\n`, budget);
  }
}

function resourceDetails(rc: ResourceChange, stack: PreparedStack, drift: boolean, budget: number): string {
  const change = rc.change;
  const kind = changeKind(change);
  const replacePaths = (change.replace_paths ?? []).map(formatPath);
  let title: string;
  if (drift) {
    title = `🔀 **${kind === "delete" ? "deleted" : "changed"} outside Terraform** ${code(rc.address)}`;
  } else if (kind === "unknown") {
    title = `${icons.unknown} **unknown action ${code(JSON.stringify(change.actions))}** ${code(rc.address)}: this renderer does not know this action list; read it in \`terraform show PLANFILE\``;
  } else {
    const verb = kind === "no-op" ? [isImport(rc) ? "import" : "", isMove(rc) ? "move" : ""].filter(Boolean).join(" and ") : verbs[kind];
    const icon = kind === "no-op" ? (isImport(rc) ? "📥" : "🚚") : icons[kind];
    title = `${icon} **${verb}** ${code(rc.address)}`;
    if (kind === "forget" || kind === "create-then-forget") {
      title += `: ${kind === "forget" ? FORGET_TEXT : REPLACE_FORGET_TEXT} ${FORGET_NOTE}`;
    } else {
      const why = describeReason(rc.action_reason);
      if (why) title += ` because ${why}`;
    }
    if (replacePaths.length > 0) title += `; forced by ${replacePaths.map(code).join(", ")}`;
  }
  const meta: string[] = [];
  const construct = stack.constructPaths ? constructPathOf(stack.constructPaths, rc.address) : undefined;
  if (construct !== undefined) meta.push(`construct ${code(construct)}`);
  if (isMove(rc)) meta.push(`moved from ${code(rc.previous_address as string)}`);
  if (isImport(rc) && !drift) {
    const importing = change.importing ?? {};
    meta.push(importing.id !== undefined ? `imported from ID ${code(importing.id)}` : `imported by identity ${code(formatValue(importing.identity))}`);
  }
  if (rc.deposed !== undefined) meta.push(`deposed object ${code(rc.deposed)}`);
  if ((kind === "forget" || kind === "create-then-forget") && rc.deposed !== undefined) meta.push("left over from a partially-failed replacement of this instance");
  if (kind === "forget") return changeText(title, meta, [], "", budget);
  const diff = describeChange(change, "", {}, stack.secret);
  const lines: string[] = [];
  for (const [key, value] of diff.context) lines.push(`  ${key}: ${value}`);
  for (const entry of diff.entries) {
    const forced = replacePaths.some((p) => entry.path === p || entry.path.startsWith(`${p}.`) || entry.path.startsWith(`${p}[`));
    for (const line of formatEntryLines(entry, forced)) lines.push(line);
  }
  if (diff.hidden > 0) lines.push(`  # (${diff.hidden} unchanged attribute${diff.hidden === 1 ? "" : "s"} hidden)`);
  const count = diff.entries.length;
  return changeText(title, meta, lines, plural(count, "attribute") + (kind === "create" || kind === "delete" ? "" : " changed"), budget);
}

/**
 * True when an output is sensitive. Terraform marks it in the change (`before_sensitive` /
 * `after_sensitive`); the output's `sensitive` flag in the planned values and the prior state is
 * read too, so a plan that carries only the flag is masked all the same.
 */
function isSensitiveOutput(plan: TerraformPlan, name: string, change: Change): boolean {
  return (
    change.before_sensitive === true ||
    change.after_sensitive === true ||
    plan.planned_values?.outputs?.[name]?.sensitive === true ||
    plan.prior_state?.values?.outputs?.[name]?.sensitive === true
  );
}

function outputText(stack: PreparedStack, name: string, original: Change, budget: number): string {
  const sensitive = isSensitiveOutput(stack.plan, name, original);
  const change: Change = sensitive ? { ...original, before_sensitive: true, after_sensitive: true } : original;
  const kind = changeKind(change);
  const verb = kind === "unknown" ? `unknown action ${code(JSON.stringify(change.actions))}` : verbs[kind];
  const title = `${icons[kind]} **${verb}** output ${code(name)}${sensitive ? " (sensitive)" : ""}`;
  const lines = describeChange(change, name, {}, stack.secret).entries.flatMap((entry) => formatEntryLines(entry, false));
  return changeText(title, [], lines, "value", budget);
}

/** Our counts, then Terraform's own summary line, so the header reads like the CLI. */
function countsLine(stack: PreparedStack): string {
  const counts = countChanges(stack.plan);
  const ours = countLabels.filter(([key]) => key !== "unknown" || counts.unknown > 0).map(([key, label]) => `**${counts[key]}** ${label}`);
  return `${ours.join(" · ")} — ${code(terraformSummary(stack.plan))}`;
}

/** Resource changes per type and action: what the plan does at a glance. */
function summaryTable(plan: TerraformPlan): string[] {
  const rows = new Map<string, Map<ChangeKind, number>>();
  const kinds = new Set<ChangeKind>();
  for (const rc of plan.resource_changes ?? []) {
    if (!isReported(rc)) continue;
    const kind = changeKind(rc.change);
    const type = rc.mode === "data" ? `data.${rc.type}` : String(rc.type);
    const row = rows.get(type) ?? new Map<ChangeKind, number>();
    row.set(kind, (row.get(kind) ?? 0) + 1);
    rows.set(type, row);
    kinds.add(kind);
  }
  if (rows.size === 0) return [];
  const columns = [...kinds].sort((a, b) => order[a] - order[b]);
  const lines = [`| resource type | ${columns.map((kind) => `${icons[kind]} ${shortVerbs[kind]}`).join(" | ")} |`, `| --- | ${columns.map(() => "---:").join(" | ")} |`];
  for (const type of [...rows.keys()].sort()) {
    const row = rows.get(type) as Map<ChangeKind, number>;
    lines.push(`| ${code(type)} | ${columns.map((kind) => String(row.get(kind) ?? "")).join(" | ")} |`);
  }
  lines.push("");
  return lines;
}

/**
 * Joins the sections of one alert. A blank `>` line ends each section's list, so the next
 * section's first line is not read as a lazy continuation of the list's last item.
 */
function alert(kind: "CAUTION" | "WARNING", sections: readonly (readonly string[])[]): string[] {
  if (sections.length === 0) return [];
  const lines = [`> [!${kind}]`];
  sections.forEach((section, i) => {
    if (i > 0) lines.push(">");
    lines.push(...section);
  });
  lines.push("");
  return lines;
}

function banners(risks: PlanRisks, plan: TerraformPlan): string[] {
  const vmTypes = new Map((plan.resource_changes ?? []).map((rc) => [rc.address, rc.type]));
  const caution: string[][] = [];
  for (const quorum of risks.quorumLosses) {
    const cluster = quorum.cluster === "" ? "the Kubernetes cluster" : `cluster ${code(quorum.cluster)}`;
    caution.push([
      `> **🛑 Quorum loss:** this plan destroys or replaces ${quorum.lost.length} of the ${quorum.total} control-plane VMs of ${cluster}; etcd loses quorum and the cluster's API goes down until they are back. Change them one at a time (\`-target\`) instead.`,
      ...listed(quorum.lost, code),
    ]);
  }
  const replacedVms = risks.vmLosses.filter((vm) => vm.kind === "replace");
  const deletedVms = risks.vmLosses.filter((vm) => vm.kind === "delete");
  if (replacedVms.length > 0) {
    const byAddress = new Map(replacedVms.map((vm) => [vm.address, vm]));
    caution.push([
      `> **${plural(replacedVms.length, "Proxmox VM")} replaced:** destroyed and created again, with their disks and everything on them.`,
      ...listed(
        replacedVms.map((vm) => vm.address),
        (address) => {
          const vm = byAddress.get(address);
          if (!vm) return code(address);
          let text = code(address);
          if (vm.forcedBy.length > 0) text += `: forced by ${vm.forcedBy.map(code).join(", ")}`;
          else if (vm.actionReason) text += `: ${describeReason(vm.actionReason)}`;
          if (vm.cloudInit) {
            text += vm.changedSnippets.length > 0 ? ` (its cloud-init snippet ${vm.changedSnippets.map(code).join(", ")} changes)` : " (a cloud-init snippet change)";
          }
          return text;
        },
      ),
    ]);
  }
  if (deletedVms.length > 0) {
    caution.push([`> **${plural(deletedVms.length, "Proxmox VM")} destroyed**, with their disks:`, ...listed(deletedVms.map((vm) => vm.address), code)]);
  }
  if (risks.diskChanges.length > 0) {
    const byAddress = new Map(risks.diskChanges.map((d) => [d.address, d.paths]));
    caution.push([
      `> **VM disks change** in place (a resize or move; check free space and backups):`,
      ...listed(
        risks.diskChanges.map((d) => d.address),
        (address) => `${code(address)}: ${(byAddress.get(address) ?? []).slice(0, 5).map(code).join(", ")}`,
      ),
    ]);
  }
  const warning: string[][] = [];
  const others = [...risks.replaced, ...risks.destroyed].filter((address) => vmTypes.get(address) !== PROXMOX_VM);
  if (others.length > 0) {
    const destroyed = new Set(risks.destroyed);
    warning.push([
      `> **This plan destroys ${risks.destroyed.length} and replaces ${risks.replaced.length} of the resources.** Their data is lost unless it is kept elsewhere.`,
      ...listed(others, (address) => `${code(address)} (${destroyed.has(address) ? "destroy" : "replace"})`),
    ]);
  }
  return [...alert("CAUTION", caution), ...alert("WARNING", warning)];
}

function summaryBlock(stack: PreparedStack, budget: number): Block {
  const plan = stack.plan;
  const lines: string[] = [stackMarker(stack.name)];
  const notes: string[][] = [];
  for (const warning of stack.warnings) notes.push([`> **Format:** ${warning}`]);
  if (stack.skipped.length > 0) {
    notes.push([`> **${plural(stack.skipped.length, "plan entry", "plan entries")} could not be read and ${stack.skipped.length === 1 ? "is" : "are"} not shown;** check them in \`terraform show PLANFILE\`:`, ...listed(stack.skipped, (item) => item)]);
  }
  const counts = countChanges(plan);
  const outputs = changedOutputs(plan);
  const drift = (plan.resource_drift ?? []).length;
  if (plan.errored === true) {
    lines.push(`### ❌ ${code(stack.name)}: plan failed`, "");
    lines.push("> [!CAUTION]", "> Terraform reported an error while planning (`errored: true`): this plan is incomplete and must not be applied. The plan job's log has the error.", "");
    if (!hasNoCounts(counts)) lines.push(`Changes planned before the error: ${countsLine(stack)}`, "");
  } else if (hasNoCounts(counts) && outputs.length === 0 && stack.skipped.length === 0) {
    lines.push(`### ✅ ${code(stack.name)}: no changes`, "", "No changes. The infrastructure matches the configuration.", "");
  } else {
    const risks = findRisks(plan);
    const risky = risks.destroyed.length + risks.replaced.length > 0 || risks.diskChanges.length > 0 || risks.quorumLosses.length > 0 || counts.unknown > 0;
    lines.push(`### ${risky ? "⚠️" : "📝"} ${code(stack.name)}`, "", countsLine(stack), "");
    if (counts.unknown > 0) {
      notes.push([`> **${plural(counts.unknown, "change")} with an action list this renderer does not know;** read ${counts.unknown === 1 ? "it" : "them"} below and in \`terraform show PLANFILE\`.`]);
    }
    lines.push(...banners(risks, plan));
    lines.push(...summaryTable(plan));
  }
  lines.push(...alert("WARNING", notes));
  const extra: string[] = [];
  if (outputs.length > 0) extra.push(plural(outputs.length, "output") + " change");
  if (drift > 0) extra.push(`${plural(drift, "resource")} changed outside Terraform (drift)`);
  const deferred = (plan.deferred_changes ?? []).length;
  if (deferred > 0 || plan.complete === false) extra.push(`the plan is incomplete: ${plural(deferred, "deferred change")} need another plan after apply`);
  if (extra.length > 0) lines.push(`${extra.join(" · ")}.`, "");
  return { text: cutLines(`${lines.join("\n")}\n`, budget), stack: stack.name, headed: true };
}

/** Cuts a block of plain lines (no code block, no details) at a line boundary. */
function cutLines(text: string, budget: number): string {
  const note = "\n… (cut here: comment size limit)\n\n";
  if (text.length <= budget) return text;
  const end = text.lastIndexOf("\n", budget - note.length);
  return `${text.slice(0, Math.max(0, end))}${note}`;
}

/** The module a resource sits in (`module.a.module.b`), empty for the root module. */
export function moduleOf(rc: ResourceChange): string {
  if (typeof rc.module_address === "string") return rc.module_address;
  const match = /^((?:module\.[^.[]+(?:\[[^\]]*\])?\.)*)/.exec(rc.address);
  return match ? match[1].replace(/\.$/, "") : "";
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The detail sections of a stack, each block at most `budget` characters. Blocks are rendered
 * to their final text at once, so nothing per resource (diff lines, entries) outlives its block.
 * Resource changes are grouped by module, each group in its own `<details>`; a group larger than
 * a block is carried on in further `<details>` marked "(continued)", so no part ends inside one.
 */
function detailBlocks(stack: PreparedStack, budget: number): Block[] {
  const blocks: Block[] = [];
  const section = <T>(heading: string, items: readonly T[], render: (item: T, budget: number) => string): void => {
    if (items.length === 0) return;
    const prefix = `#### ${heading}\n\n`;
    blocks.push({ text: prefix + render(items[0], budget - prefix.length), stack: stack.name, headed: true });
    for (let i = 1; i < items.length; i++) blocks.push({ text: render(items[i], budget), stack: stack.name });
  };
  const groups = new Map<string, Array<{ rc: ResourceChange; rank: number; index: number }>>();
  (stack.plan.resource_changes ?? []).forEach((rc, index) => {
    if (!isReported(rc)) return;
    const module = moduleOf(rc);
    const group = groups.get(module) ?? [];
    group.push({ rc, rank: order[changeKind(rc.change)], index });
    groups.set(module, group);
  });
  const modules = [...groups.keys()].sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b)));
  const heading = `#### Resource changes in ${code(stack.name)}\n\n`;
  const wrapped = modules.length > 1 || (modules.length === 1 && modules[0] !== "");
  let first = true;
  for (const module of modules) {
    const items = groups.get(module) as Array<{ rc: ResourceChange; rank: number; index: number }>;
    items.sort((a, b) => a.rank - b.rank || a.index - b.index);
    if (!wrapped) {
      section(`Resource changes in ${code(stack.name)}`, items, ({ rc }, room) => resourceText(rc, stack, false, room));
      first = false;
      continue;
    }
    const label = `${module === "" ? "root module" : `<code>${escapeHtml(module)}</code>`} · ${plural(items.length, "change")}`;
    const open = (continued: boolean): string => `<details><summary>${label}${continued ? " (continued)" : ""}</summary>\n\n`;
    const close = "</details>\n\n";
    const room = budget - heading.length - open(true).length - close.length;
    let chunk: string[] = [];
    let size = 0;
    let continued = false;
    const flush = (): void => {
      if (chunk.length === 0) return;
      const prefix = first ? heading : "";
      blocks.push({ text: `${prefix}${open(continued)}${chunk.join("")}${close}`, stack: stack.name, headed: first });
      first = false;
      continued = true;
      chunk = [];
      size = 0;
    };
    for (const { rc } of items) {
      const text = resourceText(rc, stack, false, room);
      if (size + text.length > room) flush();
      chunk.push(text);
      size += text.length;
    }
    flush();
  }
  section(`Output changes in ${code(stack.name)}`, changedOutputs(stack.plan), ([name, change], room) => outputText(stack, name, change, room));
  section(`Changed outside Terraform (drift) in ${code(stack.name)}`, stack.plan.resource_drift ?? [], (rc, room) => resourceText(rc, stack, true, room));
  return blocks;
}

/** A stack ready to render: its plan checked, its notes and its masking rule. */
interface PreparedStack extends StackPlan {
  readonly skipped: readonly string[];
  readonly warnings: readonly string[];
  /** The secret-name rule; null masks by markers and PEM keys only. */
  readonly secret: RegExp | null;
}

function prepare(stack: StackPlan, secret: RegExp | null): PreparedStack {
  const checked = checkPlan(stack.plan);
  return { ...stack, plan: checked.plan, skipped: checked.skipped, warnings: checked.warnings, secret };
}

function capacityBlock(stack: PreparedStack, budget: number): Block | undefined {
  if (!stack.capacity || !hasProxmoxVms(stack.plan)) return undefined;
  const text = renderCapacity(capacityReport(stack.plan, stack.capacity), stack.name);
  return { text: cutLines(text, budget), stack: stack.name, headed: true };
}

function continuation(stack: string): string {
  return `#### ${code(stack)} (continued)\n\n`;
}

function partHeader(key: string, part: number, total: number): string {
  return `${partMarker(key, part)}\n${total > 1 ? `**Terraform plan, part ${part} of ${total}**\n\n` : ""}`;
}

/** Renders the plans of one or more stacks as one comment, split to fit `maxChars`. */
export function renderPlanComment(stacks: readonly StackPlan[], options: RenderOptions = {}): RenderedComment {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < MIN_MAX_CHARS) {
    throw new Error(`--max-chars ${maxChars} is too small: a part needs at least ${MIN_MAX_CHARS} characters to hold a stack's summary and one resource.`);
  }
  if (stacks.length === 0) throw new Error("no plans to render: pass at least one PLAN.json file.");
  const names = new Set<string>();
  for (const stack of stacks) {
    if (names.has(stack.name)) throw new Error(`two plans are named "${stack.name}": give each its own --name or put each in its stack's folder.`);
    names.add(stack.name);
  }
  const key = commentKey(stacks.map((s) => s.name));
  const budget = maxChars - partHeader(key, 99999, 99999).length;
  const blockBudget = budget - Math.max(...stacks.map((s) => continuation(s.name).length));

  const secret = secretNameRule({ secretPatterns: options.secretPatterns }) ?? null;
  const prepared = stacks.map((stack) => prepare(stack, secret));
  const blocks: Block[] = [{ text: `## Terraform plan\n\n` }];
  for (const stack of prepared) {
    blocks.push(summaryBlock(stack, blockBudget));
    const capacity = capacityBlock(stack, blockBudget);
    if (capacity) blocks.push(capacity);
  }
  for (const stack of prepared) for (const block of detailBlocks(stack, blockBudget)) blocks.push(block);

  const parts: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const block of blocks) {
    const text = block.text;
    if (current.length > 0 && size + text.length > budget) {
      parts.push(current);
      current = [];
      size = 0;
      if (block.stack !== undefined && !block.headed) {
        const heading = continuation(block.stack);
        current.push(heading);
        size += heading.length;
      }
    }
    current.push(text);
    size += text.length;
  }
  if (current.length > 0) parts.push(current);

  const rendered = parts.map((chunks, i) => `${partHeader(key, i + 1, parts.length)}${chunks.join("").trimEnd()}\n`);
  for (const [i, part] of rendered.entries()) {
    if (part.length > maxChars) throw new Error(`internal error: part ${i + 1} has ${part.length} characters, more than --max-chars ${maxChars}.`);
  }
  return { key, parts: rendered };
}

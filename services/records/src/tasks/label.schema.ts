import { Schema } from 'mongoose';

export interface LabelDoc {
  _id: string;
  projectId: string;
  taskId: string;
  name: string;
  /** Lower-cased name: unique per task. */
  nameKey: string;
  color: string;
  hotkey: string | null;
  /**
   * The hotkey, or `none:<id>` without one: lets a plain unique index keep hotkeys unique per
   * task (FerretDB has no partial indexes).
   */
  hotkeySlot: string;
  position: number;
}

export const LabelSchema = new Schema<LabelDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    taskId: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    color: { type: String, required: true },
    hotkey: { type: String, default: null },
    hotkeySlot: { type: String, required: true },
    position: { type: Number, required: true },
  },
  { collection: 'labels', versionKey: false },
);
LabelSchema.index({ projectId: 1, taskId: 1, nameKey: 1 }, { unique: true });
LabelSchema.index({ projectId: 1, taskId: 1, hotkeySlot: 1 }, { unique: true });

export function hotkeySlot(id: string, hotkey: string | null): string {
  return hotkey ?? `none:${id}`;
}

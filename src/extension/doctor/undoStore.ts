// Undo records of applied repairs, kept in the workspace state (so an undo survives a window reload),
// each with the cluster it was applied to.
import type * as vscode from 'vscode';
import type { UndoRecord } from '../../core/doctor/types';
import { clusterCode } from '../loadClusterCode';

export interface UndoEntry {
  id: string;
  title: string;
  /** Context and API server the repair was applied to: undo refuses another cluster. */
  context: string;
  server: string;
  record: UndoRecord;
}

const KEY = 'kubeScalingDoctor.doctor.undo';
const KEEP = 20;

export class UndoStore {
  constructor(private readonly state: vscode.Memento) {}

  /** Newest first. Records saved under a former repair id show the current one; the entry id stays as saved. */
  list(): UndoEntry[] {
    return this.state.get<UndoEntry[]>(KEY, []).map((e) => {
      const repairId = clusterCode().canonicalRepairId(e.record.repairId);
      return repairId && repairId !== e.record.repairId ? { ...e, record: { ...e.record, repairId } } : e;
    });
  }

  get(id: string): UndoEntry | undefined {
    return this.list().find((e) => e.id === id);
  }

  async add(entry: Omit<UndoEntry, 'id'>): Promise<UndoEntry> {
    const full: UndoEntry = { id: `${entry.record.repairId}@${entry.record.appliedAt}`, ...entry };
    await this.state.update(KEY, [full, ...this.list().filter((e) => e.id !== full.id)].slice(0, KEEP));
    return full;
  }

  async remove(id: string): Promise<void> {
    await this.state.update(
      KEY,
      this.list().filter((e) => e.id !== id),
    );
  }
}

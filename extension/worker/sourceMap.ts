// Maps positions in the transpiled user module back to the user's own files, so every line
// DeepDrill shows (errors, the line of a fit call) is a line the user wrote.

import { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { dirname, resolve } from 'node:path';

/** The name the user module carries in V8 stack traces. */
export const USER_MODULE_ID = 'deepdrill-user-module';

const FRAME_POSITION = new RegExp(`${USER_MODULE_ID}:(\\d+):(\\d+)`, 'g');
const FIRST_FRAME_POSITION = new RegExp(`${USER_MODULE_ID}:(\\d+):(\\d+)`);

export interface UserPosition {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export class UserSourceMap {
  private readonly map: TraceMap;
  private readonly base: string;

  constructor(mapJson: string, mapFile: string) {
    this.map = new TraceMap(mapJson);
    this.base = dirname(mapFile);
  }

  /** `line` and `column` are 1-based positions in the transpiled module. */
  original(line: number, column: number): UserPosition | undefined {
    const needle = { line, column: Math.max(0, column - 1) };
    let pos = originalPositionFor(this.map, { ...needle, bias: GREATEST_LOWER_BOUND });
    if (pos.source === null) pos = originalPositionFor(this.map, { ...needle, bias: LEAST_UPPER_BOUND });
    if (pos.source === null || pos.line === null) return undefined;
    return { file: resolve(this.base, pos.source), line: pos.line, column: (pos.column ?? 0) + 1 };
  }

  /** The first frame of `stack` that lies in the user's code (in `onlyFile`, when given), mapped to the user's file. */
  firstUserFrame(stack: string | undefined, onlyFile?: string): UserPosition | undefined {
    if (!stack) return undefined;
    for (const frameLine of stack.split('\n')) {
      const m = FIRST_FRAME_POSITION.exec(frameLine);
      if (m) {
        const pos = this.original(Number(m[1]), Number(m[2]));
        if (pos && (onlyFile === undefined || pos.file === onlyFile)) return pos;
      }
    }
    return undefined;
  }

  /** The stack with every user-module position rewritten to `file:line:column`. */
  rewriteStack(stack: string): string {
    return stack.replace(FRAME_POSITION, (whole, l: string, c: string) => {
      const pos = this.original(Number(l), Number(c));
      return pos ? `${pos.file}:${pos.line}:${pos.column}` : whole;
    });
  }
}

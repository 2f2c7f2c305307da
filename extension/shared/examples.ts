// The example model files DeepDrill ships, as a learner picks one: what it is (the first line
// of its header comment) and a file name that does not overwrite anything.

export interface ExampleInfo {
  /** File name in the examples folder, e.g. `mnist-cnn.ts`. */
  file: string;
  /** The first line of the file's leading `//` comment, or '' when it has none. */
  summary: string;
}

export function exampleInfo(file: string, text: string): ExampleInfo {
  const first = /^\s*\/\/\s*(.+)/.exec(text);
  return { file, summary: first ? first[1].trim() : '' };
}

/** `name` if it is free, else `stem-2.ext`, `stem-3.ext`, … */
export function freeFileName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 2; ; i++) {
    const candidate = `${stem}-${i}${ext}`;
    if (!taken(candidate)) return candidate;
  }
}

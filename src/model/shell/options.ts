/**
 * A getopt_long-like reader for the operands and options of the commands the analysis knows.
 * GNU style: options and operands may be mixed, `--` ends the options, short options cluster
 * (`-pm 755`, `-m755`), long options take `--name=value` or `--name value`.
 */
import { sliceArg, type Arg } from './words.js';

export interface OptionSpec {
  /** Short options that take an argument (`'mCt'`). */
  shortWithValue?: string;
  /** Short options whose argument is optional and can only be attached (`sed -i[SUFFIX]`). */
  shortOptionalValue?: string;
  /** Long options (without `--`) that take an argument. */
  longWithValue?: readonly string[];
  /** Long option → the short letter it means (`parents: 'p'`), so a handler asks for one name. */
  aliases?: Readonly<Record<string, string>>;
  /** POSIX style: the first operand ends the options (sh, env, sudo, xargs, find -exec). */
  stopAtOperand?: boolean;
  /** Arguments that look like options but are operands (chmod `-x`, `-w`). */
  isOperand?: (text: string) => boolean;
}

export interface ParsedOption {
  name: string;
  value: Arg | undefined;
}

export class ParsedArgs {
  constructor(
    readonly options: ParsedOption[],
    readonly operands: Arg[],
    /** True when an argument of unknown value might have been an option (`rm $FLAGS /x`). */
    readonly uncertain: boolean,
  ) {}

  has(...names: string[]): boolean {
    return this.options.some((option) => names.includes(option.name));
  }

  /** The value of the last occurrence of any of `names`. */
  last(...names: string[]): Arg | undefined {
    for (let i = this.options.length - 1; i >= 0; i--) {
      const option = this.options[i]!;
      if (names.includes(option.name)) return option.value;
    }
    return undefined;
  }

  all(...names: string[]): Arg[] {
    return this.options.filter((o) => names.includes(o.name) && o.value !== undefined).map((o) => o.value!);
  }
}

export function parseOptions(args: readonly Arg[], spec: OptionSpec = {}): ParsedArgs {
  const options: ParsedOption[] = [];
  const operands: Arg[] = [];
  let uncertain = false;
  const alias = (name: string) => spec.aliases?.[name] ?? name;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const known = arg.value !== undefined;
    // An argument whose value is partly unknown still reads as an option when its known start does.
    const text = arg.value ?? arg.prefix;
    if (text === '--' && known) {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (text.length < 2 || !text.startsWith('-') || (known && spec.isOperand?.(text))) {
      operands.push(arg);
      if (spec.stopAtOperand) {
        operands.push(...args.slice(i + 1));
        break;
      }
      continue;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = text.slice(2, eq < 0 ? undefined : eq);
      if (eq >= 0) {
        options.push({ name: alias(name), value: sliceArg(arg, eq + 1) });
      } else if (!known) {
        uncertain = true;
      } else if (spec.longWithValue?.includes(name) && i + 1 < args.length) {
        options.push({ name: alias(name), value: args[++i] });
      } else {
        options.push({ name: alias(name), value: undefined });
      }
      continue;
    }
    let consumed = false;
    for (let k = 1; k < text.length; k++) {
      const letter = text[k]!;
      if (spec.shortWithValue?.includes(letter)) {
        if (k + 1 < text.length || !known) options.push({ name: letter, value: sliceArg(arg, k + 1) });
        else options.push({ name: letter, value: args[++i] });
        consumed = true;
        break;
      }
      if (spec.shortOptionalValue?.includes(letter)) {
        options.push({ name: letter, value: k + 1 < text.length || !known ? sliceArg(arg, k + 1) : undefined });
        consumed = true;
        break;
      }
      options.push({ name: letter, value: undefined });
    }
    if (!known && !consumed) uncertain = true;
  }
  return new ParsedArgs(options, operands, uncertain);
}

/**
 * The project's own words that a compose file, or a service of it, is for development or testing only:
 * a sentence of the file's header comment or of the comment block right above a service's key
 * ("FOR TEST AND DEVELOPMENT ONLY, DO NOT USE IN PRODUCTION", "This configuration file is for the
 * development setup", "This is only intended for testing …"). A comment that merely mentions
 * development or production ("# for production, change the password", "the default token should not
 * be used in production", "recommended only for development" said of a setting) is no such statement:
 * the phrases below restrict the file itself, as an imperative or with the file (this, the
 * configuration, the setup …) as their subject. And the other way round: a header saying the file is for
 * self-hosting (selfHostingStatement).
 */

/** Purposes that throw the state away: development, tests, CI, demos, debugging. */
const PURPOSE = String.raw`(?:(?:local|internal|integration|unit|automated|acceptance|end-to-end)\s)?(?:test|tests|testing|dev|development|demo|demos|demonstration|debug|debugging|ci|e2e)`;
/** A list of purposes (`test and development`, `demo, development, and learning`). */
const PURPOSES = String.raw`${PURPOSE}(?:\s*(?:,|/|&|\band\b|\bor\b)\s*(?:and\s|or\s)?(?:${PURPOSE}|learning|evaluation|experimenting|experiments))*`;
/** What a statement may be about: the compose file (`docker-compose.yml`, `this file`, `the configuration`), the stack, a service. */
const NOUN = String.raw`(?:[\w.-]*compose[\w.-]*|file|files|configuration|config|setup|stack|environment|example|examples|sample|samples|service|services|container|containers|image|deployment|project|database|instance|variant)`;
/** The file (or the service) as a subject: `this is`, `these are`, `this docker-compose file is`, `the configuration is`. */
const SUBJECT = String.raw`(?:\b(?:this|these|it)\s(?:is|are)|\b(?:this|these|the)(?:\s[\w.*-]+){0,2}?\s${NOUN}\s(?:is|are))`;
/** The participles that state a purpose. */
const INTENDED = String.raw`(?:intended|meant|designed|made|used|provided)`;
/** Not when the sentence goes on to production (`for development and production`). */
const NOT_PRODUCTION = String.raw`(?![^.!?]*\b(?:and|or)\s(?:in\s|for\s)?production\b)`;
/** How an imperative or a title may begin: `NOTE: please`, `Warning:`. */
const LEAD = String.raw`^(?:(?:note|warning|attention|important|caution)\b\W*)?(?:please\s)?`;
/** A qualifier after which a statement about production is conditional (`not intended for production use without first …`). */
const CONDITIONAL = /\b(?:without|unless|until|before|except)\b/;

/** Statements that restrict the file to throw-away use, on one sentence in lower case with blanks collapsed. */
const STATEMENTS: readonly RegExp[] = [
  // FOR TEST AND DEVELOPMENT ONLY; development only; for testing purposes only (at the start, or after for/is/are/be).
  new RegExp(String.raw`(?:${LEAD}|\bfor\s(?:[\w.-]+\s)?|\b(?:is|are|be)\s(?:(?:meant|intended|used)\s)?(?:for\s)?)${PURPOSES}[\s-](?:(?:purposes?|use|usage|environments?|setups?)\s)?only\b`),
  // This configuration file is for the development setup; this is only intended for testing …; this docker-compose file is made for development purposes.
  new RegExp(String.raw`${SUBJECT}\s(?:only\s|just\s|solely\s)?(?:${INTENDED}\s(?:only\s)?(?:to\sbe\sused\s)?)?(?:(?:for|in)\s(?:the\s|a\s|an\s)?${PURPOSE}|to\s(?:test|develop|demo|debug))\b${NOT_PRODUCTION}`),
  // Intended for testing with the dh-file container; only for local development (a sentence of its own: not "For development, mount …").
  new RegExp(String.raw`${LEAD}(?:(?:only\s)?${INTENDED}\s(?:only\s)?(?:to\sbe\sused\s)?|only\s)(?:for|in)\s(?:the\s|a\s|an\s)?${PURPOSE}\b${NOT_PRODUCTION}`),
  // DO NOT USE IN PRODUCTION; NOTE: please do not use this configuration for production setups (an imperative of its own, not said of a password).
  new RegExp(String.raw`${LEAD}do\snot\suse(?:\s(?:this|these|it|them))?(?:\s(?:docker-compose\s|compose\s)?(?:file|files|configuration|config|setup|stack|example|image|images|deployment))?\s(?:in|for)\sproduction\b`),
  // This file is not intended for production; these samples are not meant to be used in production; Not for production use.
  new RegExp(String.raw`(?:${SUBJECT}\s|${LEAD})not\s(?:(?:intended|meant|designed|suitable|ready|made)\s)?(?:to\sbe\sused\s)?(?:for|in)\sproduction\b`),
  // THIS IS NOT TO BE USED FOR PERSONAL DEPLOYMENTS.
  new RegExp(String.raw`${SUBJECT}\snot\s(?:to\sbe\sused|intended|meant)\sfor\s(?:\w+\s)?deployments?\b`),
  // compose file for local development; Docker Compose file for developing … in VSCode DevContainers; Test environment for … (titles).
  new RegExp(String.raw`^(?:a\s|the\s)?(?:docker[- ]?)?compose\s(?:file|setup|stack|configuration|config)\s(?:(?:used|meant|intended)\s)?for\s(?:running\s(?:[\w-]+\s)?)?(?:${PURPOSE}|developing)\b`),
  new RegExp(String.raw`^(?:a\s)?${PURPOSE}\s(?:environment|setup|stack)\b`),
];

/** The comment's sentences (a banner's `#`s removed): markup removed (`**development**`), contractions spelled out, split at . ! ? and at lines that end a sentence. */
function sentences(comment: string): Array<{ text: string; match: string }> {
  const out: Array<{ text: string; match: string }> = [];
  const joined = comment
    .split('\n')
    .map((line) => line.replace(/^[\s#]+|[\s#]+$/g, ''))
    .join('\n');
  for (const part of joined.split(/(?<=[.!?])\s+|\n(?=[A-Z#*-])|\n\s*\n/)) {
    const text = part.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const match = text
      .toLowerCase()
      .replace(/[*_`]{1,3}([^*_`]+)[*_`]{1,3}/g, '$1')
      .replace(/\b(do|does|is|are)n[\u2019']?t\b/g, '$1 not')
      .replace(/^[\s\-\u2013\u2014=:]+/, '');
    out.push({ text, match });
  }
  return out;
}

/**
 * The sentence of `comment` that restricts the file or service to development, tests, CI or demos, as
 * written (one line), or null. A statement about production followed by a condition (`without`, `unless`
 * …) is no restriction.
 */
export function throwAwayStatement(comment: string): string | null {
  for (const { text, match } of sentences(comment)) {
    for (const statement of STATEMENTS) {
      const found = statement.exec(match);
      if (!found) continue;
      if (CONDITIONAL.test(match.slice(found.index + found[0].length))) continue;
      return clipped(text);
    }
  }
  return null;
}

/** A sentence as a finding quotes it: at most 160 characters. */
function clipped(text: string): string {
  return text.length > 160 ? `${text.slice(0, 157)}\u2026` : text;
}

/** The word self-host in any of its forms: self-host, self-hosted, self hosting, selfhosting. */
const SELF_HOST = /\bself[- ]?host(?:s|ed|ing)?\b/;
/** A sentence that sends the reader elsewhere for self-hosting (`see …`, `refer to …`, `follow the documentation …`) or denies it. */
const ELSEWHERE = /\b(?:see|refer|refers|follow|not|never|neither|nor|instead)\b/;

/**
 * The sentence of `comment` (a compose file's header) that says the file is for self-hosting, as written
 * (one line), or null: "To make it easier to self-host, we have a preset docker compose config …", "This
 * file is an example docker compose configuration for self hosting". The word in an address
 * (`https://example.com/docs/self-hosting`) and a sentence that sends the reader elsewhere for it or
 * denies it ("For self-hosting, see docs/install.md", "not meant for self-hosting") are no such statement.
 */
export function selfHostingStatement(comment: string): string | null {
  for (const { text, match } of sentences(comment)) {
    const words = match.replace(/\S+:\/\/\S+/g, ' ');
    if (SELF_HOST.test(words) && !ELSEWHERE.test(words)) return clipped(text);
  }
  return null;
}

/**
 * `{ name: value }` when the value was given, `{}` otherwise: an absent field (of a body, of a
 * command's flags) stays out of a patch or an input, as `exactOptionalPropertyTypes` wants.
 */
export function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [name]: value } as { [P in K]?: V });
}

/** `{ name: value }` when the value was given, `{}` otherwise: a body's absent field stays out of a patch. */
export function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [name]: value } as { [P in K]?: V });
}

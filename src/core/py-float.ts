/**
 * A Python float whose value is integral (2.0). JavaScript numbers cannot tell 2.0 from 2, but Python
 * prints them differently ("2.0" vs "2"), so row readers that know a value was written as a float wrap
 * it. Serializes as the plain number.
 */
export class PyFloat {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

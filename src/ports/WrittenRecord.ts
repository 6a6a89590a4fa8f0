/**
 * What a CRM write reports back: the record's id and the version the triggers gave it. Writers need
 * no more (the device's text is stored as sent), and reading the whole record back would cost a
 * round trip per sub-record table on MySQL.
 */
export interface WrittenRecord {
  readonly id: number;
  readonly version: number;
}

import type { Knex } from 'knex';
import type { Task, TaskFields } from '../../domain/index.ts';
import type { Clock, TaskList } from '../../ports/index.ts';
import { TASK_ASSIGNEES } from './assignees.ts';
import { KnexAssignedObjects } from './KnexAssignedObjects.ts';
import { systemClock } from './systemClock.ts';
import { CrmSchema } from './schema/crmSchema.ts';
import { TASK_COLUMNS, taskFieldsToRow, taskFromRow } from './rows/taskRows.ts';

/**
 * {@link TaskList} on BrokerStar's `tasks` and `task_assignees` tables. Fields are stored as given;
 * keeping status, percentage and completion consistent (`normalizeTaskCompletion`) is the caller's job.
 */
export class KnexTaskList extends KnexAssignedObjects<Task, TaskFields> implements TaskList {
  constructor(db: Knex | Knex.Transaction, clock: Clock = systemClock, schema: CrmSchema = CrmSchema.reference) {
    super(db, clock, {
      table: 'tasks',
      kind: 'task',
      columns: TASK_COLUMNS,
      assignees: TASK_ASSIGNEES,
      fieldsToRow: taskFieldsToRow,
      fromRow: taskFromRow,
    }, schema);
  }
}

import * as centers from './centers.service';
import * as groups from './groups.service';
import * as hallServices from './hall-services.service';
import * as counters from './counters.service';
import * as users from './users.service';
import * as audit from './audit.service';

/** Administration of centers, groups, services, counters and staff; every change lands in the audit log. */
export const adminFunctions = { ...centers, ...groups, ...hallServices, ...counters, ...users, ...audit };

import path from 'node:path';
import { asc, eq, isNull } from 'drizzle-orm';
import type { Config } from '../config';
import { db } from '../db';
import { units, userRoles, users, type Role } from '../db/schema';

/** Where the demo's password is kept: beside the data, so the banner and the sign-in page can say so. */
export const DEMO_PASSWORD_FILE = 'demo-password.txt';
export const demoPasswordPath = (cfg: Pick<Config, 'dataDir'>) => path.resolve(cfg.dataDir, DEMO_PASSWORD_FILE);

export type DemoSignIn = { username: string; role: Role; unitNameVi: string | null };

/** The demo accounts as the banner and the sign-in page list them: one line per role held. */
export async function demoSignIns(database = db): Promise<DemoSignIn[]> {
	return database
		.select({ username: users.username, role: userRoles.role, unitNameVi: units.nameVi })
		.from(users)
		.innerJoin(userRoles, eq(userRoles.userId, users.id))
		.leftJoin(units, eq(units.id, userRoles.unitId))
		.where(isNull(userRoles.revokedAt))
		.orderBy(asc(users.id));
}

import type { Locale } from '$lib/i18n';
import type { SessionInfo, SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			id?: string;
			/** The API's error code ($lib/server/api.ts apiErrorBody), where an API guard or route raises it. */
			error?: string;
		}
		interface Locals {
			locale: Locale;
			user: SessionUser | null;
			session: SessionInfo | null;
			/** x-request-id as received, or generated (ops/request-id.ts); in every log line of the request. */
			requestId: string;
		}
		interface PageData {
			locale: Locale;
		}
	}
}

export {};

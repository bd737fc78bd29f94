/**
 * EasyBill creates carry no idempotency key, so the client never repeats a POST whose outcome is
 * unknown (dropped connection, 5xx). Instead we look for what the POST would have made, by the
 * handle we wrote into it (customer `number`, document `external_id`, payment `reference`), and
 * create again only when nothing is there — once.
 */
import { mayHaveBeenApplied } from './errors';

export async function createOnce<T>(
	create: () => Promise<T>,
	findCreated: () => Promise<T | undefined>,
): Promise<T> {
	try {
		return await create();
	} catch (error) {
		if (!mayHaveBeenApplied(error)) throw error;
		const created = await findCreated();
		if (created !== undefined) return created;
		return create();
	}
}

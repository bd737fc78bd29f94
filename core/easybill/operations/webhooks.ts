/**
 * The trigger's webhook lifecycle on `/webhooks`. EasyBill documents no delivery signature, so the
 * trigger puts a random token in the URL; the `secret` is still registered for receivers that can use it.
 */
import type { EasyBillContext } from '../context';
import { orUndefinedOn404 } from '../lookups';
import { numericId } from '../validation';
import type { EbWebhook } from '../wire';

export async function registerWebhook(
	ctx: EasyBillContext,
	input: { url: string; events: string[]; secret: string; description: string },
): Promise<{ id: string }> {
	const created = await ctx.api.post<EbWebhook>('/webhooks', {
		url: input.url,
		secret: input.secret,
		content_type: 'json',
		events: input.events,
		description: input.description,
		is_active: true,
	});
	return { id: String(created.id) };
}

export async function getWebhook(
	ctx: EasyBillContext,
	id: string,
): Promise<{ id: string; url: string; events: string[] } | undefined> {
	const hook = await orUndefinedOn404(
		ctx.api.get<EbWebhook>(`/webhooks/${numericId(id, 'webhookId')}`),
	);
	return hook && { id: String(hook.id), url: hook.url, events: hook.events ?? [] };
}

/** Deleting a webhook that is already gone is success: the goal state is reached. */
export async function deleteWebhook(ctx: EasyBillContext, id: string): Promise<void> {
	await orUndefinedOn404(ctx.api.delete(`/webhooks/${numericId(id, 'webhookId')}`));
}

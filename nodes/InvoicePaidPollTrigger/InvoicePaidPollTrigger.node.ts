import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	DEFAULT_TEST_EVENT_WINDOW_MS,
	POLL_BUDGET_RESERVE_MS,
	latestPaidInvoice,
	pollPaidInvoices,
	toPaidInvoiceOutput,
	type PollState,
} from '../../core/triggers';
import {
	createLedgerFromContext,
	hasOrganisation,
	n8nClock,
	searchTenants,
	tenantIdOf,
	toNodeError,
} from '../shared';
import { checkedOptions, emitSettingsOf, triggerCredentials } from '../shared/invoicePaid';
import { ledgerSubtitle } from '../shared/ledgerParameters';
import { invoicePaidPollProperties } from './description';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * n8n >= 2.41 tells a poll how long it may run (`getPollBudgetMs`, with durable poll cursors); the
 * poll then stops reading pages before the budget runs out and resumes there next time. n8n 2.8
 * has no budget: the page bound alone limits a poll.
 */
function budgetCheck(context: IPollFunctions, now: () => number): (() => boolean) | undefined {
	const withBudget = context as IPollFunctions & { getPollBudgetMs?: () => number };
	if (typeof withBudget.getPollBudgetMs !== 'function') return undefined;
	const budgetMs = withBudget.getPollBudgetMs();
	if (!(budgetMs > 0)) return undefined;
	const stopAt = now() + Math.max(budgetMs - POLL_BUDGET_RESERVE_MS, budgetMs / 2);
	return () => now() < stopAt;
}

export class InvoicePaidPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Accounting Sync Invoice Paid Polling Trigger',
		name: 'invoicePaidPollTrigger',
		icon: { light: 'file:invoicePaidPoll.svg', dark: 'file:invoicePaidPoll.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: ledgerSubtitle(),
		description:
			'Checks Xero or EasyBill on a schedule and starts the workflow once per newly paid invoice',
		defaults: { name: 'Invoice Paid (Polling)' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: triggerCredentials,
		properties: invoicePaidPollProperties,
	};

	methods = { listSearch: { searchTenants } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const ledgerKind = String(this.getNodeParameter('ledger'));
		const tenantId = hasOrganisation(ledgerKind) ? tenantIdOf(this) : undefined;
		const options = checkedOptions(
			this.getNode(),
			invoicePaidPollProperties.find((p) => p.name === 'options') as INodeProperties,
			this.getNodeParameter('options', {}),
		);
		const settings = emitSettingsOf('paid', options);
		const clock = n8nClock();
		const now = clock.now();
		const ledger = await createLedgerFromContext(this);

		if (this.getMode() === 'manual') {
			// "Fetch test event": show a real paid invoice to build the flow with; the cursor stays put.
			const windowDays = Number(options.testEventWindowDays ?? DEFAULT_TEST_EVENT_WINDOW_MS / DAY);
			let latest;
			try {
				latest = await latestPaidInvoice(ledger, {
					now,
					windowMs: windowDays * DAY,
					emitCreditOnly: settings.emitCreditOnly,
				});
			} catch (error) {
				throw toNodeError(this, error);
			}
			if (!latest) {
				throw new NodeOperationError(
					this.getNode(),
					`No invoice was paid in the last ${windowDays} days`,
					{
						description:
							'Pay an invoice in the ledger, or widen "Test Event Window (Days)" in the options.',
					},
				);
			}
			return [
				[{ json: toPaidInvoiceOutput(latest, { source: 'manual' }) as unknown as IDataObject }],
			];
		}

		const staticData = this.getWorkflowStaticData('node');
		let result;
		try {
			result = await pollPaidInvoices(ledger, staticData.poll as PollState | undefined, {
				now,
				fingerprint: `${ledgerKind}:${tenantId ?? ''}`,
				lookbackMs: Number(options.lookbackDays ?? 0) * DAY,
				overlapMs: Number(options.overlapMinutes ?? 10) * MINUTE,
				settings,
				shouldContinue: budgetCheck(this, () => clock.now()),
			});
		} catch (error) {
			// The state is untouched, so the next poll covers this one's window again; n8n records
			// the thrown error as a failed execution.
			throw toNodeError(this, error);
		}
		staticData.poll = result.state as unknown as IDataObject;
		if (result.emit.length === 0) return null;
		return [
			result.emit.map(({ invoice }) => ({
				json: toPaidInvoiceOutput(invoice, { source: 'poll' }) as unknown as IDataObject,
			})),
		];
	}
}

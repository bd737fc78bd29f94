/**
 * Line tracking against the organisation's tracking categories. The caller names a category and
 * an option by name (case-insensitive) or id; each is resolved to the active category and option
 * Xero holds, so a typo or an archived option is refused before anything is written instead of
 * being booked untracked.
 */
import { invalidInput } from '../../errors';
import type { LineTracking } from '../../model';
import type { XeroLineItem, XeroTrackingCategory } from '../wire';

const same = (a: string | undefined, b: string) =>
	a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The line's tracking with the organisation's own names; throws naming the field. */
export function resolveTracking(
	tracking: LineTracking[],
	categories: XeroTrackingCategory[],
	field: string,
	itemIndex: number,
): LineTracking[] {
	const active = categories.filter((c) => c.Status === undefined || c.Status === 'ACTIVE');
	return tracking.map(({ category, option }) => {
		const found = active.find((c) => same(c.Name, category) || same(c.TrackingCategoryID, category));
		if (!found) {
			const names = active.map((c) => c.Name).join(', ') || 'none';
			throw invalidInput(
				field,
				`this Xero organisation has no active tracking category "${category}" (it has: ${names})`,
				itemIndex,
			);
		}
		const options = (found.Options ?? []).filter(
			(o) => o.Status === undefined || o.Status === 'ACTIVE',
		);
		const chosen = options.find((o) => same(o.Name, option) || same(o.TrackingOptionID, option));
		if (!chosen) {
			const names = options.map((o) => o.Name).join(', ') || 'none';
			throw invalidInput(
				field,
				`"${option}" is not an active option of the tracking category "${found.Name ?? category}" (its options: ${names})`,
				itemIndex,
			);
		}
		return { category: found.Name ?? category, option: chosen.Name ?? option };
	});
}

export function toXeroTracking(tracking: LineTracking[] | undefined): XeroLineItem['Tracking'] {
	if (!tracking || tracking.length === 0) return undefined;
	return tracking.map((t) => ({ Name: t.category.trim(), Option: t.option.trim() }));
}

/** One comparable text for a line's tracking: "Department: Sales, Region: North" (sorted). */
export function trackingText(tracking: LineTracking[] | undefined): string {
	return (tracking ?? [])
		.map((t) => `${t.category.trim()}: ${t.option.trim()}`)
		.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
		.join(', ');
}

export function fromXeroTracking(line: XeroLineItem): LineTracking[] {
	return (line.Tracking ?? [])
		.filter((t) => t.Name && t.Option)
		.map((t) => ({ category: t.Name as string, option: t.Option as string }));
}

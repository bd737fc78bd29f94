/**
 * A small, real PDF (one page, a few lines of Helvetica), written byte by byte with a correct
 * cross-reference table, so a client that checks `%PDF-`, opens it in a viewer or stores it as n8n
 * binary data handles the same kind of file the vendors send. No PDF library: the format's core is
 * a handful of numbered objects and their byte offsets.
 */

/** PDF string literals escape backslashes and parentheses; non-ASCII becomes '?'. */
function pdfText(value: string): string {
	return value
		.replace(/[^\x20-\x7e]/g, '?')
		.replace(/\\/g, '\\\\')
		.replace(/\(/g, '\\(')
		.replace(/\)/g, '\\)');
}

export function renderPdf(title: string, lines: string[]): Buffer {
	const text = [title, ...lines]
		.map((line, i) => `BT /F1 ${i === 0 ? 18 : 11} Tf 56 ${780 - i * 22} Td (${pdfText(line)}) Tj ET`)
		.join('\n');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
		`<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let body = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((object, i) => {
		offsets.push(Buffer.byteLength(body, 'latin1'));
		body += `${i + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xrefAt = Buffer.byteLength(body, 'latin1');
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
	return Buffer.from(body, 'latin1');
}

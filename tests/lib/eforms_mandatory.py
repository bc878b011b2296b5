#!/usr/bin/python3
"""eforms_mandatory.py NOTICE.xml SUBTYPE SDK_DIR - which fields the eForms
SDK marks mandatory for SUBTYPE are missing from NOTICE.

Independent of the generator: it reads fields/fields.json and
notice-types/SUBTYPE.json of the SDK.  A field counts as mandatory for the
subtype when its "mandatory" property is true for it without a condition
(the conditional ones are the Schematron's, not checked here); like the
Schematron, the rule applies inside each instance of the field's parent
node (xmlStructure), so a field of an absent optional node is not required.
Prints JSON {"checked": [ids], "missing": [ids], "conditional": [ids]}.
"""
import json
import sys

from lxml import etree

NS = {
    'cac': 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
    'cbc': 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
    'ext': 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
    'efac': 'http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1',
    'efext': 'http://data.europa.eu/p27/eforms-ubl-extensions/1',
    'efbc': 'http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1',
}


def mandatory(field, subtype):
    m = field.get('mandatory')
    if not m:
        return False
    value = m.get('value', False)
    for c in m.get('constraints', []):
        if subtype in c.get('noticeTypes', []) and 'condition' not in c:
            value = c['value']
    return bool(value)


def forbidden_if(field, subtype):
    """True when a condition may forbid the field for the subtype: then
    whether it is required depends on that condition (EFX), left to the
    Schematron, and the field is reported as conditional."""
    for c in field.get('forbidden', {}).get('constraints', []):
        if subtype in c.get('noticeTypes', []) and 'condition' in c:
            return True
    return False


def fields_of(node, out):
    if isinstance(node, dict):
        if node.get('contentType') == 'field':
            out.add(node['id'])
        for c in node.get('content', []):
            fields_of(c, out)


def main():
    notice, subtype, sdk = sys.argv[1], sys.argv[2], sys.argv[3]
    f = json.load(open(f'{sdk}/fields/fields.json'))
    nodes = {n['id']: n for n in f['xmlStructure']}
    nt = json.load(open(f'{sdk}/notice-types/{subtype}.json'))
    in_form = set()
    for c in nt['content']:
        fields_of(c, in_form)
    doc = etree.parse(notice)
    checked, missing, conditional = [], [], []
    for fld in f['fields']:
        if fld['id'] not in in_form or not mandatory(fld, subtype):
            continue
        if forbidden_if(fld, subtype):
            conditional.append(fld['id'])
            continue
        parent = nodes[fld['parentNodeId']]
        if parent['id'] == 'ND-Root':
            contexts = [doc.getroot()]
        else:
            contexts = doc.xpath(parent['xpathAbsolute'], namespaces=NS)
        if not contexts:
            continue
        checked.append(fld['id'])
        for ctx in contexts:
            if not ctx.xpath(fld['xpathRelative'], namespaces=NS):
                missing.append(fld['id'])
                break
    print(json.dumps({'checked': checked, 'missing': missing,
                      'conditional': conditional}))


main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate the lnetmr netlink UAPI header and kernel policy/op tables.

The YAML spec (Documentation/netlink/specs/lnetmr.yaml) is the source of
truth.  This small generator understands the subset of the genetlink-legacy
schema that lnetmr uses: scalar, string, flag and nested attributes with
min/max checks, do/dump operations with per-op request policies, flags, and
multicast groups.  It emits code that builds on Linux 6.1 (struct genl_ops
with a per-op policy), which the in-tree ynl-gen does not.

usage: nlspec-gen.py SPEC --uapi FILE --kernel-c FILE --kernel-h FILE --user-c FILE
"""

import argparse
import sys

import yaml

NLA_TYPES = {
    "u8": "NLA_U8", "u16": "NLA_U16", "u32": "NLA_U32", "u64": "NLA_U64",
    "s8": "NLA_S8", "s16": "NLA_S16", "s32": "NLA_S32", "s64": "NLA_S64",
    "string": "NLA_NUL_STRING", "flag": "NLA_FLAG", "nest": "NLA_NESTED",
    "binary": "NLA_BINARY",
}
S16_MIN, S16_MAX = -32768, 32767


def c_upper(name):
    return name.upper().replace("-", "_")


def c_lower(name):
    return name.lower().replace("-", "_")


class Spec:
    def __init__(self, path):
        with open(path) as f:
            self.y = yaml.safe_load(f)
        self.path = path
        self.name = self.y["name"]
        self.cname = c_lower(self.name)
        # a string or binary attribute without a max-len check: 64 bytes
        self.max_str = 64
        self.sets = {s["name"]: s for s in self.y["attribute-sets"]}
        self.ops = self.y["operations"]["list"]
        self.op_prefix = self.y["operations"].get(
            "name-prefix", c_upper(self.name) + "_CMD_")
        self.mcgrps = self.y.get("mcast-groups", {}).get("list", [])

    def attr_enum(self, aset, attr):
        return aset["name-prefix"] + c_upper(attr["name"])

    def set_max(self, aset):
        return aset["name-prefix"] + "MAX"

    def attr(self, aset, name):
        for a in aset["attributes"]:
            if a["name"] == name:
                return a
        sys.exit(f"{self.path}: set {aset['name']} has no attribute {name}")


def banner(spec, comment_open="/*", comment_close=" */"):
    return (f"{comment_open} Do not edit directly, auto-generated from:{comment_close}\n"
            f"{comment_open}\t{spec.path}{comment_close}\n"
            f"{comment_open} by scripts/nlspec-gen.py{comment_close}\n")


def doc_comment(text, indent=""):
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out = [f"{indent}/*"]
    out += [f"{indent} * {line}".rstrip() for line in lines]
    out.append(f"{indent} */")
    return "\n".join(out) + "\n"


def gen_uapi(spec):
    guard = "_UAPI_LINUX_" + c_upper(spec.name) + "_H"
    o = ["/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */\n",
         banner(spec), "\n", f"#ifndef {guard}\n#define {guard}\n\n",
         f"#define {spec.y['c-family-name']}\t\"{spec.name}\"\n",
         f"#define {spec.y['c-version-name']}\t{spec.y['version']}\n\n"]
    if "doc" in spec.y:
        o.append(doc_comment(spec.y["doc"]) + "\n")
    for aset in spec.y["attribute-sets"]:
        if "doc" in aset:
            o.append(doc_comment(aset["doc"]))
        o.append("enum {\n")
        o.append(f"\t{aset['name-prefix']}UNSPEC,\n")
        for a in aset["attributes"]:
            if "doc" in a:
                o.append(doc_comment(a["doc"], "\t"))
            o.append(f"\t{spec.attr_enum(aset, a)},\n")
        o.append("\n")
        o.append(f"\t__{spec.set_max(aset)},\n")
        o.append(f"\t{spec.set_max(aset)} = (__{spec.set_max(aset)} - 1)\n")
        o.append("};\n\n")
    for en in spec.y.get("definitions", []):
        if en.get("type") == "const":
            if "doc" in en:
                o.append(doc_comment(en["doc"]))
            o.append(f"#define {c_upper(spec.name)}_{c_upper(en['name'])}\t{en['value']}\n\n")
            continue
        if en.get("type") != "enum":
            continue
        if "doc" in en:
            o.append(doc_comment(en["doc"]))
        prefix = en["name-prefix"]
        o.append(f"enum {c_lower(spec.name)}_{c_lower(en['name'])} {{\n")
        for i, e in enumerate(en["entries"]):
            name = e["name"] if isinstance(e, dict) else e
            if isinstance(e, dict) and "doc" in e:
                o.append(doc_comment(e["doc"], "\t"))
            o.append(f"\t{prefix}{c_upper(name)} = {i},\n")
        o.append("};\n\n")
    o.append("enum {\n")
    o.append(f"\t{spec.op_prefix}UNSPEC,\n")
    for op in spec.ops:
        if "doc" in op:
            o.append(doc_comment(op["doc"], "\t"))
        o.append(f"\t{spec.op_prefix}{c_upper(op['name'])},\n")
    o.append("\n")
    o.append(f"\t__{spec.op_prefix}MAX,\n")
    o.append(f"\t{spec.op_prefix}MAX = (__{spec.op_prefix}MAX - 1)\n")
    o.append("};\n\n")
    for g in spec.mcgrps:
        o.append(f"#define {c_upper(spec.name)}_MCGRP_{c_upper(g['name'])}\t\"{g['name']}\"\n")
    if spec.mcgrps:
        o.append("\n")
    o.append(f"#endif /* {guard} */\n")
    return "".join(o)


def policy_entry(spec, aset, attr, ranges, pol_name):
    t = attr["type"]
    enum = spec.attr_enum(aset, attr)
    checks = attr.get("checks", {})
    nla = NLA_TYPES[t]
    if t == "string":
        n = checks.get("max-len", spec.max_str)
        return f"\t[{enum}] = {{ .type = {nla}, .len = {n - 1} }},\n"
    if t == "binary":
        n = checks.get("max-len", spec.max_str)
        return f"\t[{enum}] = {{ .type = {nla}, .len = {n} }},\n"
    if t == "nest":
        sub = spec.sets[attr["nested-attributes"]]
        return (f"\t[{enum}] = NLA_POLICY_NESTED({spec.cname}_{c_lower(sub['name'])}"
                f"_nl_policy),\n")
    lo, hi = checks.get("min"), checks.get("max")
    if lo is None and hi is None:
        return f"\t[{enum}] = {{ .type = {nla}, }},\n"
    if (lo is None or S16_MIN <= lo <= S16_MAX) and (hi is None or S16_MIN <= hi <= S16_MAX):
        if lo is None:
            return f"\t[{enum}] = NLA_POLICY_MAX({nla}, {hi}),\n"
        if hi is None:
            return f"\t[{enum}] = NLA_POLICY_MIN({nla}, {lo}),\n"
        return f"\t[{enum}] = NLA_POLICY_RANGE({nla}, {lo}, {hi}),\n"
    rname = f"{pol_name.removesuffix('_policy')}_{c_lower(attr['name'])}_range"
    sign = "s" if t.startswith("s") else ""
    body = []
    if lo is not None:
        body.append(f"\t.min = {lo}{'U' if not sign else ''}LL,\n")
    if hi is not None:
        body.append(f"\t.max = {hi}{'U' if not sign else ''}LL,\n")
    kind = "netlink_range_validation_signed" if sign else "netlink_range_validation"
    ranges.append(f"static struct {kind} {rname} = {{\n" + "".join(body) + "};\n\n")
    return f"\t[{enum}] = NLA_POLICY_FULL_RANGE{'_SIGNED' if sign else ''}({nla}, &{rname}),\n"


def gen_policy(spec, aset, names, pol_name, static=True):
    ranges = []
    entries = []
    maxattr = spec.set_max(aset)
    for n in names:
        entries.append(policy_entry(spec, aset, spec.attr(aset, n), ranges, pol_name))
    storage = "static " if static else ""
    text = "".join(ranges)
    text += (f"{storage}const struct nla_policy {pol_name}[{maxattr} + 1] = {{\n"
             + "".join(entries) + "};\n\n")
    return text


def nested_sets(spec):
    """Attribute sets used as nests inside requests: they need a full policy."""
    used = []

    def walk(aset, names):
        for n in names:
            a = spec.attr(aset, n)
            if a["type"] == "nest":
                sub = spec.sets[a["nested-attributes"]]
                if sub["name"] not in used:
                    walk(sub, [x["name"] for x in sub["attributes"]])
                    used.append(sub["name"])
    for op in spec.ops:
        aset = spec.sets[op["attribute-set"]]
        for mode in ("do", "dump"):
            req = op.get(mode, {}).get("request", {})
            walk(aset, req.get("attributes", []))
    return used


def op_modes(op):
    return [m for m in ("do", "dump") if m in op]


def gen_kernel_h(spec):
    cn = spec.cname
    guard = f"_LNETMR_NL_GEN_H"
    o = ["/* SPDX-License-Identifier: GPL-2.0 */\n", banner(spec), "\n",
         f"#ifndef {guard}\n#define {guard}\n\n",
         "#include <net/genetlink.h>\n#include <net/netlink.h>\n\n",
         f"#include <{spec.y['uapi-header']}>\n\n"]
    for sname in nested_sets(spec):
        aset = spec.sets[sname]
        o.append(f"extern const struct nla_policy {cn}_{c_lower(sname)}_nl_policy"
                 f"[{spec.set_max(aset)} + 1];\n")
    o.append("\n/* Handlers, implemented by the driver. */\n")
    for op in spec.ops:
        base = f"{cn}_nl_{c_lower(op['name'])}"
        if "do" in op:
            o.append(f"int {base}_doit(struct sk_buff *skb, struct genl_info *info);\n")
        if "dump" in op:
            d = op["dump"]
            if d.get("start"):
                o.append(f"int {base}_start(struct netlink_callback *cb);\n")
            o.append(f"int {base}_dumpit(struct sk_buff *skb, struct netlink_callback *cb);\n")
            if d.get("done"):
                o.append(f"int {base}_done(struct netlink_callback *cb);\n")
    nops = sum(1 for op in spec.ops if op_modes(op))
    o.append(f"\nextern const struct genl_ops {cn}_nl_ops[{nops}];\n")
    if spec.mcgrps:
        o.append("\nenum {\n")
        for g in spec.mcgrps:
            o.append(f"\t{c_upper(cn)}_NLGRP_{c_upper(g['name'])},\n")
        o.append("};\n\n")
        o.append(f"extern const struct genl_multicast_group {cn}_nl_mcgrps[{len(spec.mcgrps)}];\n")
    o.append(f"\n#endif /* {guard} */\n")
    return "".join(o)


def gen_kernel_c(spec):
    cn = spec.cname
    o = ["// SPDX-License-Identifier: GPL-2.0\n", banner(spec), "\n",
         "#include <net/genetlink.h>\n#include <net/netlink.h>\n\n",
         '#include "nl_gen.h"\n\n']
    for sname in nested_sets(spec):
        aset = spec.sets[sname]
        o.append(gen_policy(spec, aset, [a["name"] for a in aset["attributes"]],
                            f"{cn}_{c_lower(sname)}_nl_policy", static=False))
    ops = []
    for op in spec.ops:
        if not op_modes(op):
            continue        # a notification: no handler
        aset = spec.sets[op["attribute-set"]]
        base = f"{cn}_nl_{c_lower(op['name'])}"
        # Linux 6.1 has one struct genl_ops per command, holding both doit
        # and dumpit and one policy: the union of the do and dump requests.
        req = []
        for mode in op_modes(op):
            for a in op[mode].get("request", {}).get("attributes", []):
                if a not in req:
                    req.append(a)
        pol = f"{base}_policy"
        # an op without request attributes still gets a (empty) policy of
        # the set's size: strict validation then rejects any attribute
        o.append(gen_policy(spec, aset, req, pol))
        flags = [{"admin-perm": "GENL_ADMIN_PERM", "uns-admin-perm": "GENL_UNS_ADMIN_PERM"}[f]
                 for f in op.get("flags", [])]
        e = ["\t{\n", f"\t\t.cmd\t\t= {spec.op_prefix}{c_upper(op['name'])},\n"]
        if "do" in op:
            e.append(f"\t\t.doit\t\t= {base}_doit,\n")
        if "dump" in op:
            if op["dump"].get("start"):
                e.append(f"\t\t.start\t\t= {base}_start,\n")
            e.append(f"\t\t.dumpit\t\t= {base}_dumpit,\n")
            if op["dump"].get("done"):
                e.append(f"\t\t.done\t\t= {base}_done,\n")
        e.append(f"\t\t.policy\t\t= {pol},\n")
        e.append(f"\t\t.maxattr\t= {spec.set_max(aset)},\n")
        if flags:
            e.append(f"\t\t.flags\t\t= {' | '.join(flags)},\n")
        e.append("\t},\n")
        ops.append("".join(e))
    o.append(f"const struct genl_ops {cn}_nl_ops[{len(ops)}] = {{\n" + "".join(ops) + "};\n")
    if spec.mcgrps:
        o.append(f"\nconst struct genl_multicast_group {cn}_nl_mcgrps[] = {{\n")
        for g in spec.mcgrps:
            o.append(f"\t[{c_upper(cn)}_NLGRP_{c_upper(g['name'])}] = "
                     f"{{ .name = {c_upper(spec.name)}_MCGRP_{c_upper(g['name'])}, }},\n")
        o.append("};\n")
    return "".join(o)


def gen_user_c(spec):
    """Attribute and command names for the CLI's error messages."""
    cn = spec.cname
    o = ["// SPDX-License-Identifier: GPL-2.0\n", banner(spec), "\n",
         "#include <stddef.h>\n\n", f"#include <{spec.y['uapi-header']}>\n\n",
         '#include "nl_names.h"\n\n']
    used = {op["attribute-set"] for op in spec.ops}
    for aset in spec.y["attribute-sets"]:
        if aset["name"] not in used:
            continue
        var = f"{cn}_{c_lower(aset['name'])}_attr_names"
        o.append(f"static const char *const {var}[{spec.set_max(aset)} + 1] = {{\n")
        for a in aset["attributes"]:
            o.append(f"\t[{spec.attr_enum(aset, a)}] = \"{a['name']}\",\n")
        o.append("};\n\n")
    o.append(f"const struct nl_attr_names {cn}_cmd_attr_names[{spec.op_prefix}MAX + 1] = {{\n")
    for op in spec.ops:
        aset = spec.sets[op["attribute-set"]]
        var = f"{cn}_{c_lower(aset['name'])}_attr_names"
        o.append(f"\t[{spec.op_prefix}{c_upper(op['name'])}] = "
                 f"{{ \"{op['name']}\", {var}, {spec.set_max(aset)} }},\n")
    o.append("};\n")
    return "".join(o)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("--uapi", required=True)
    ap.add_argument("--kernel-c", required=True)
    ap.add_argument("--kernel-h", required=True)
    ap.add_argument("--user-c", required=True)
    args = ap.parse_args()
    spec = Spec(args.spec)
    for path, text in ((args.uapi, gen_uapi(spec)), (args.kernel_h, gen_kernel_h(spec)),
                       (args.kernel_c, gen_kernel_c(spec)),
                       (args.user_c, gen_user_c(spec))):
        with open(path, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()

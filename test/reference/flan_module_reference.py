"""Reference reading of a FLAN-style template module, for differential tests of src/lib/python/module.ts.

Walks the module's AST (never runs the module): each top-level assignment is evaluated with Python's
own `eval` over the names bound so far and a few pure builtins; a statement that fails is skipped and
its names unbound, as iml-bench does. `@dataclass` classes become constructors of ordered dicts.
Only for the project's own test fixtures. Prints {"names": {...}, "aliases": [...]} as JSON.
"""
import ast
import collections
import json
import operator
import sys
import types

INPLACE = {ast.Add: operator.iadd, ast.Sub: operator.isub, ast.Mult: operator.imul, ast.Mod: operator.imod}

BUILTINS = {"chr": chr, "ord": ord, "str": str, "range": range, "len": len, "list": list, "tuple": tuple, "float": float,
            "dict": dict, "OrderedDict": collections.OrderedDict,
            # only the dict constructor of the (unread) `collections` module
            "collections": types.SimpleNamespace(OrderedDict=collections.OrderedDict)}


def dataclass_ctor(node, env):
    fields, defaults = [], {}
    for stmt in node.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            fields.append(stmt.target.id)
            if stmt.value is not None:
                defaults[stmt.target.id] = evaluate(stmt.value, env)

    def ctor(*args, **kwargs):
        out = {}
        for i, name in enumerate(fields):
            if i < len(args):
                out[name] = args[i]
            elif name in kwargs:
                out[name] = kwargs[name]
            else:
                out[name] = defaults[name]
        return out

    return ctor


def evaluate(node, env):
    code = compile(ast.Expression(node), "<fixture>", "eval")
    return eval(code, {"__builtins__": BUILTINS}, dict(env))


def unbind(target, env):
    if isinstance(target, ast.Name):
        env.pop(target.id, None)


def assign(target, value, env, aliases, value_node):
    if isinstance(target, ast.Name):
        env[target.id] = value
    elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and isinstance(env.get(target.value.id), dict):
        key = evaluate(target.slice, env)
        env[target.value.id][key] = value
        if isinstance(value_node, ast.Subscript) and isinstance(value_node.value, ast.Name) and isinstance(value_node.slice, ast.Constant):
            aliases.append({"table": target.value.id, "key": str(key), "sourceTable": value_node.value.id, "sourceKey": str(value_node.slice.value)})


def run(tree):
    env, aliases, ctors = {}, [], {}
    for stmt in tree.body:
        try:
            if isinstance(stmt, ast.ClassDef) and any("dataclass" in ast.dump(d) for d in stmt.decorator_list):
                ctors[stmt.name] = dataclass_ctor(stmt, {**env, **ctors})
            elif isinstance(stmt, ast.Assign):
                value = evaluate(stmt.value, {**env, **ctors})
                for target in stmt.targets:
                    assign(target, value, env, aliases, stmt.value)
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                assign(stmt.target, evaluate(stmt.value, {**env, **ctors}), env, aliases, stmt.value)
            elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
                # In place, as Python does: `list += x` extends the list other names share.
                env[stmt.target.id] = INPLACE[type(stmt.op)](env[stmt.target.id], evaluate(stmt.value, {**env, **ctors}))
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Attribute):
                func = stmt.value.func
                if isinstance(func.value, ast.Name) and func.value.id in env and func.attr in ("update", "append", "extend"):
                    arg = evaluate(stmt.value.args[0], {**env, **ctors})
                    getattr(env[func.value.id], func.attr)(arg)
        except Exception:  # noqa: BLE001 - a failing statement is skipped, as in iml-bench
            for target in getattr(stmt, "targets", []):
                unbind(target, env)
    return env, aliases


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        tree = ast.parse(f.read())
    env, aliases = run(tree)
    print(json.dumps({"names": env, "aliases": aliases}, ensure_ascii=False))


if __name__ == "__main__":
    main()

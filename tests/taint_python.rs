//! The Python taint engine: propagation, helpers, sanitizers, guards, paths
//! and fixes, on small AI-style snippets.

use suggestguard::config::Config;
use suggestguard::engine::{analyze_text, fix};
use suggestguard::finding::Finding;
use suggestguard::lang::Language;

fn analyze(src: &str) -> Vec<Finding> {
    analyze_text(src, Language::Python, None, &Config::default())
}

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset].matches('\n').count() + 1
}

/// (line, rule) of every finding of `rule`.
fn lines(src: &str, rule: &str) -> Vec<usize> {
    analyze(src)
        .iter()
        .filter(|f| f.rule_id == rule)
        .map(|f| line_of(src, f.range.start))
        .collect()
}

const FLASK: &str = "from flask import Flask, request, abort\nimport os, subprocess, sqlite3, shlex\napp = Flask(__name__)\n";

fn flask(body: &str) -> String {
    format!("{FLASK}{body}")
}

#[test]
fn follows_assignments_and_string_building() {
    let cases = [
        "    q = request.args['q']\n    cmd = 'grep ' + q\n    os.system(cmd)\n",
        "    q = request.args.get('q')\n    os.system(f'grep {q} log.txt')\n",
        "    q = request.form['q']\n    os.system('grep %s log.txt' % q)\n",
        "    q = request.values.get('q')\n    os.system('grep {} log'.format(q.strip().lower()))\n",
        "    parts = ['grep', request.args['q']]\n    os.system(' '.join(parts))\n",
        "    data = request.get_json()\n    os.system('echo ' + data['name'])\n",
        "    cmd = 'ls '\n    cmd += request.args['dir']\n    os.system(cmd)\n",
        "    a, b = request.args['x'], 'fixed'\n    os.system(a)\n",
        "    if (n := request.args.get('n')):\n        os.system('ping ' + n)\n",
        "    for name in request.args.getlist('f'):\n        os.system('cat ' + name)\n",
        "    names = [n.strip() for n in request.args['f'].split(',')]\n    os.system('rm ' + ' '.join(names))\n",
        "    with open(request.args['f']) as fh:\n        os.system(fh.read())\n",
        "    cfg = {'host': request.args['h']}\n    os.system('ping ' + cfg['host'])\n",
    ];
    for body in cases {
        let src = flask(&format!(
            "@app.route('/x')\ndef x():\n{body}    return 'ok'\n"
        ));
        let found = lines(&src, "py-command-injection");
        let sink_line = src.lines().count() - 1;
        assert_eq!(found, vec![sink_line], "{src}");
    }
}

#[test]
fn programs_and_shell_wrappers() {
    let body = "@app.route('/x')\ndef x():\n    prog = request.args['p']\n    arg = request.args['a']\n    subprocess.run([prog, '-v'])\n    subprocess.run(['ls', arg])\n    subprocess.run(['sh', '-c', arg])\n    subprocess.run(['/bin/bash', '-c', 'ls'])\n    return 'ok'\n";
    assert_eq!(lines(&flask(body), "py-command-injection"), vec![8, 10]);
}

#[test]
fn constants_and_other_variables_stay_silent() {
    let body = "@app.route('/x')\ndef x():\n    q = request.args['q']\n    q = 'fixed'\n    os.system('grep ' + q)\n    other = 'x'\n    os.system(other)\n    return 'ok'\n";
    assert!(lines(&flask(body), "py-command-injection").is_empty());
}

#[test]
fn sanitizers_end_taint_for_their_rules() {
    let src = flask("@app.route('/x')\ndef x():\n    q = request.args['q']\n    os.system('grep ' + shlex.quote(q))\n    n = int(request.args['n'])\n    os.system(f'head -n {n} log')\n    return 'ok'\n");
    assert!(lines(&src, "py-command-injection").is_empty(), "{src}");
}

#[test]
fn allow_list_checks_validate() {
    let src = flask("ALLOWED = {'a', 'b'}\n@app.route('/x')\ndef x():\n    q = request.args['q']\n    if q not in ALLOWED:\n        abort(400)\n    os.system('run ' + q)\n    t = request.args['t']\n    if t in ('x', 'y'):\n        os.system('run ' + t)\n    os.system('run ' + t)\n    return 'ok'\n");
    assert_eq!(lines(&src, "py-command-injection"), vec![14], "{src}");
}

#[test]
fn a_helper_reached_from_several_callers_is_reported_once_at_its_sink() {
    // The helper's line is reported once, with the path of the caller whose
    // source comes first, whether the callers are analysed together (a whole
    // file) or one by one (segments cached across edits, in random orders).
    let helper = "def run(cmd):\n    return subprocess.check_output(cmd, shell=True)\n\n";
    let first = "@app.route('/a')\ndef a():\n    return run('ls ' + request.args['a'])\n\n";
    let second = "@app.route('/b')\ndef b():\n    return run('ls ' + request.form['b'])\n\n";
    for body in [
        format!("{helper}{first}{second}"),
        format!("{first}{second}{helper}"),
        format!("{second}{helper}{first}"),
    ] {
        let src = flask(&body);
        let findings: Vec<_> = analyze(&src)
            .into_iter()
            .filter(|f| f.rule_id == "py-command-injection")
            .collect();
        assert_eq!(findings.len(), 1, "{src}");
        let sink = src.find("subprocess.check_output").unwrap();
        assert_eq!(line_of(&src, findings[0].range.start), line_of(&src, sink));
        let earliest = if src.find("request.args").unwrap() < src.find("request.form").unwrap() {
            "request.args['a']"
        } else {
            "request.form['b']"
        };
        assert!(
            findings[0].message.contains(earliest),
            "{}",
            findings[0].message
        );
    }
}

#[test]
fn helpers_in_the_same_file_are_followed() {
    let src = flask("def run(cmd):\n    return subprocess.check_output(cmd, shell=True)\n\ndef build(name):\n    return 'ls ' + name\n\n@app.route('/x')\ndef x():\n    run(build(request.args['d']))\n    return 'ok'\n");
    let findings = analyze(&src);
    let f = findings
        .iter()
        .find(|f| f.rule_id == "py-command-injection")
        .expect("a finding in the helper");
    // Reported on the line that runs the command, inside the helper.
    assert_eq!(line_of(&src, f.range.start), 5);
    assert!(f.message.contains("request.args['d']"), "{}", f.message);
    // The path: the source, then the call that passes it to the helper.
    assert_eq!(line_of(&src, f.related[0].range.start), 12);
    let last = f.related.last().unwrap();
    assert_eq!(line_of(&src, last.range.start), 12);
    assert!(last.message.contains("check_output"), "{}", last.message);
}

#[test]
fn sanitizing_helpers_are_followed_too() {
    let src = flask("def safe(v):\n    return shlex.quote(v)\n\n@app.route('/x')\ndef x():\n    os.system('ls ' + safe(request.args['d']))\n    return 'ok'\n");
    assert!(lines(&src, "py-command-injection").is_empty());
}

#[test]
fn related_information_names_the_steps() {
    let src = flask("@app.route('/u')\ndef u():\n    name = request.args.get('name')\n    sql = \"SELECT * FROM users WHERE name = '\" + name + \"'\"\n    db = sqlite3.connect('a.db')\n    db.execute(sql)\n    return 'ok'\n");
    let findings = analyze(&src);
    let f = findings
        .iter()
        .find(|f| f.rule_id == "py-sql-injection")
        .unwrap();
    let steps: Vec<(usize, &str)> = f
        .related
        .iter()
        .map(|r| (line_of(&src, r.range.start), r.message.as_str()))
        .collect();
    assert_eq!(steps[0].0, 6);
    assert!(
        steps.iter().any(|(l, m)| *l == 7 && m.contains("`sql`")),
        "{steps:?}"
    );
}

#[test]
fn route_parameters_are_sources_unless_typed() {
    let src = "from fastapi import FastAPI, Depends\nimport os\napp = FastAPI()\n\n@app.get('/a/{name}')\ndef a(name: str, n: int, db=Depends(get_db)):\n    os.system('echo ' + name)\n    os.system(f'echo {n}')\n    os.system(f'echo {db}')\n";
    assert_eq!(lines(src, "py-command-injection"), vec![7]);
}

#[test]
fn django_views_and_fragments() {
    let src = "from django.db import connection\n\ndef search(request):\n    term = request.GET.get('q')\n    with connection.cursor() as c:\n        c.execute(\"SELECT * FROM items WHERE name LIKE '%\" + term + \"%'\")\n";
    assert_eq!(lines(src, "py-sql-injection"), vec![6]);
    // A fragment that does not parse completely.
    let fragment = "    user = request.args.get('user')\n    cursor.execute(f\"SELECT * FROM t WHERE u = '{user}'\")\n  return (\n";
    assert_eq!(lines(fragment, "py-sql-injection"), vec![2]);
}

#[test]
fn sql_built_from_unknown_values_is_a_warning() {
    let src = "def find(db, uid):\n    db.execute(f'SELECT * FROM t WHERE id = {uid}')\n\ndef ok(db, uid):\n    db.execute('SELECT * FROM t WHERE id = ?', (uid,))\n    order = 'name'\n    db.execute(f'SELECT * FROM t ORDER BY {order}')\n";
    let findings = analyze(src);
    let sql: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule_id == "py-sql-injection")
        .collect();
    assert_eq!(sql.len(), 1, "{sql:?}");
    assert_eq!(line_of(src, sql[0].range.start), 2);
    assert_eq!(sql[0].severity, suggestguard::finding::Severity::Warning);
}

/// Apply the fix of the first finding of `rule`; the result must parse and
/// be free of that finding.
fn apply_fix(src: &str, rule: &str) -> String {
    let findings = analyze(src);
    let f = findings
        .iter()
        .find(|f| f.rule_id == rule && f.fix.is_some())
        .unwrap_or_else(|| panic!("no fix for {rule} in {src}: {findings:?}"));
    let fixed = fix::apply_edits(src, &f.fix.as_ref().unwrap().edits).unwrap();
    assert_eq!(
        fix::syntax_error_count(Language::Python, &fixed),
        0,
        "{fixed}"
    );
    assert!(
        !analyze(&fixed).iter().any(|f| f.rule_id == rule),
        "still flagged:\n{fixed}"
    );
    fixed
}

#[test]
fn sql_fixes_parameterize_common_shapes() {
    let head = "import sqlite3\nfrom flask import request\n\ndef f(cur):\n    name = request.args['n']\n    uid = request.args['u']\n";
    let shapes = [
        (
            "    cur.execute(f\"SELECT * FROM t WHERE name = '{name}' AND id = {uid}\")\n",
            "cur.execute(\"SELECT * FROM t WHERE name = ? AND id = ?\", (name, uid))",
        ),
        (
            "    cur.execute(\"SELECT * FROM t WHERE name = '%s'\" % name)\n",
            "cur.execute(\"SELECT * FROM t WHERE name = ?\", (name,))",
        ),
        (
            "    cur.execute(\"SELECT * FROM t WHERE name = '{}'\".format(name))\n",
            "cur.execute(\"SELECT * FROM t WHERE name = ?\", (name,))",
        ),
        (
            "    cur.execute(\"SELECT * FROM t WHERE id = \" + uid)\n",
            "cur.execute(\"SELECT * FROM t WHERE id = ?\", (uid,))",
        ),
        (
            "    q = f\"DELETE FROM t WHERE id = {uid}\"\n    cur.execute(q)\n",
            "q = \"DELETE FROM t WHERE id = ?\"\n    cur.execute(q, (uid,))",
        ),
    ];
    for (body, expected) in shapes {
        let fixed = apply_fix(&format!("{head}{body}"), "py-sql-injection");
        assert!(fixed.contains(expected), "{fixed}");
    }
    let pg = "import psycopg2\nfrom flask import request\n\ndef f(cur):\n    cur.execute(f\"SELECT * FROM t WHERE id = {request.args['id']}\")\n";
    assert!(apply_fix(pg, "py-sql-injection").contains("WHERE id = %s\", (request.args['id'],)"));
}

#[test]
fn command_fixes_build_argument_lists() {
    let src = flask("@app.route('/p')\ndef p():\n    host = request.args['host']\n    os.system(f'ping -c 1 {host}')\n    return 'ok'\n");
    let fixed = apply_fix(&src, "py-command-injection");
    assert!(
        fixed.contains("subprocess.run([\"ping\", \"-c\", \"1\", host]).returncode"),
        "{fixed}"
    );
    let src = "import subprocess\nimport sys\n\ndef main():\n    subprocess.call('convert ' + sys.argv[1] + ' out.png', shell=True)\n";
    let fixed = apply_fix(src, "py-command-injection");
    assert!(
        fixed.contains("subprocess.call([\"convert\", sys.argv[1], \"out.png\"])"),
        "{fixed}"
    );
    let no_import = "from flask import request\nimport os\n\ndef p():\n    os.system('ls ' + request.args['d'])\n";
    let fixed = apply_fix(no_import, "py-command-injection");
    assert!(fixed.contains("import subprocess\n"), "{fixed}");
}

#[test]
fn pathological_nesting_does_not_overflow() {
    let terms: Vec<String> = (0..5_000).map(|i| format!("'p{i}'")).collect();
    let src = format!(
        "import os\nfrom flask import request\ncmd = {} + request.args['x']\nos.system(cmd)\n",
        terms.join(" + ")
    );
    // Runs on a thread with a small stack, as an editor's worker might.
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || analyze(&src).len())
        .unwrap();
    handle
        .join()
        .expect("analysis finished without overflowing");
}

#[test]
fn strings_returned_by_flask_handlers_are_html() {
    let flask_src = flask("@app.route('/hi')\ndef hi():\n    name = request.args.get('name')\n    return 'Hello ' + name\n\n@app.route('/t')\ndef t():\n    name = request.args.get('name')\n    return render_template('t.html', name=name)\n");
    assert_eq!(lines(&flask_src, "py-xss"), vec![7]);
    let fastapi = "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/hi')\ndef hi(name: str):\n    return f'Hello {name}'\n";
    assert!(lines(fastapi, "py-xss").is_empty());
}

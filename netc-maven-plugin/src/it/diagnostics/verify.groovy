def log = new File(basedir, 'build.log').text
def broken = new File(basedir, 'src/main/netc/demo/Broken.net').canonicalPath
// netc's diagnostic as a Maven error, file:line:col first, with its excerpt, note and help
assert log.contains('[ERROR] ' + broken + ':4:9: error[E201]: linear expects 4 input features, but the incoming tensor is [-1, 3]\n'
    + '   |\n'
    + ' 4 |     fc: linear(4, 2)\n'
    + '   |         ^^^^^^^^^^^^\n'
    + '   = note: [-1, 3] comes from input x at 2:11\n'
    + '   = help: write linear(3, 2), or linear(_, 2) to infer it\n')
assert log.contains('netc: 1 model file has errors (see above)')
// the file without errors was still generated: every file is checked before the build fails
assert log.contains('[INFO] netc: generated demo/Fine.java from Fine.net')
assert new File(basedir, 'target/generated-sources/netc/demo/Fine.java').isFile()
// lib/blocks.net, which Fine.net imports, has no model: no class and no error E407
assert !log.contains('E407')
assert !new File(basedir, 'target/generated-sources/netc/lib').exists()
assert log.contains('[ERROR] Failed to execute goal dev.netc:netc-maven-plugin:')
assert !new File(basedir, 'target/generated-sources/netc/demo/Broken.java').exists()

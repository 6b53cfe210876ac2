def log = new File(basedir, 'build.log').text
// the first build generates the class, the second finds its model file up to date
assert log.count('[INFO] netc: generated demo/Tiny.java from Tiny.net') == 1
assert log.count('[INFO] netc: generated 1 of 1 model files (0 up to date)') == 1
assert log.count('[INFO] netc: nothing to generate: 1 model file is up to date') == 1
assert new File(basedir, 'target/generated-sources/netc/demo/Tiny.java').isFile()
// the test ran in both builds
assert log.count('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') == 4

package repository

// onLinux is only compiled on linux: file-name build constraints are honoured.
const onLinux = true

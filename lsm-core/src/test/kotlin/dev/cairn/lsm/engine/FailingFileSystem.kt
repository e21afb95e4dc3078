package dev.cairn.lsm.engine

import okio.FileHandle
import okio.FileSystem
import okio.ForwardingFileSystem
import okio.Path
import java.io.IOException

/** A file system whose table writes fail while [failTables] is set (a disk-full stand-in). */
class FailingFileSystem(delegate: FileSystem) : ForwardingFileSystem(delegate) {
    @Volatile var failTables = false

    override fun openReadWrite(file: Path, mustCreate: Boolean, mustExist: Boolean): FileHandle {
        if (failTables && file.name.contains(".sst")) throw IOException("injected: no space left on device ($file)")
        return super.openReadWrite(file, mustCreate, mustExist)
    }
}

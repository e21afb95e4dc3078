package dev.cairn.lsm.coroutines
@kotlinx.serialization.Serializable data class Placeholder(val x: Int)

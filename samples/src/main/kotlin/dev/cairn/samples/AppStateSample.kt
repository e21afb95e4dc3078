package dev.cairn.samples
fun main() { println("hello") }

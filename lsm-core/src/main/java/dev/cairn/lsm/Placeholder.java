package dev.cairn.lsm;
class Placeholder {}

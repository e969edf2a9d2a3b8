// Every target that imports Models reads and writes JSON through the one stack in JSONCoding.
@_exported import JSONCoding

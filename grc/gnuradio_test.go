package grc

// gnuradioPython is the Python that imports GNU Radio where it is
// installed from Debian's packages (the python3 first on PATH may be
// another one).
const gnuradioPython = "/usr/bin/python3"

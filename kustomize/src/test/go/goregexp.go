// Writes what Go's regexp package does with each case of cases.json: the compile error, or the
// group names and, for each input, the first match's groups (null where a group took no part).
// GoRegexpTest compares Flotilla's GoRegexp against this file. Regenerate with:
//
//	go run kustomize/src/test/go/goregexp.go \
//	  < kustomize/src/test/resources/goregexp/cases.json \
//	  > kustomize/src/test/resources/goregexp/expected.json
package main

import (
	"encoding/json"
	"os"
	"regexp"
	"runtime"
)

type input struct {
	Re string   `json:"re"`
	In []string `json:"in"`
}

type result struct {
	In    string    `json:"in"`
	Match []*string `json:"match"`
}

type output struct {
	Re      string   `json:"re"`
	Err     string   `json:"err,omitempty"`
	Names   []string `json:"names,omitempty"`
	Results []result `json:"results,omitempty"`
}

func main() {
	var cases []input
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := struct {
		Go    string   `json:"go"`
		Cases []output `json:"cases"`
	}{Go: runtime.Version()}
	for _, c := range cases {
		o := output{Re: c.Re}
		re, err := regexp.Compile(c.Re)
		if err != nil {
			o.Err = err.Error()
			out.Cases = append(out.Cases, o)
			continue
		}
		for _, n := range re.SubexpNames()[1:] {
			o.Names = append(o.Names, n)
		}
		for _, in := range c.In {
			r := result{In: in}
			if idx := re.FindStringSubmatchIndex(in); idx != nil {
				r.Match = []*string{}
				for i := 0; i < len(idx); i += 2 {
					if idx[i] < 0 {
						r.Match = append(r.Match, nil)
					} else {
						g := in[idx[i]:idx[i+1]]
						r.Match = append(r.Match, &g)
					}
				}
			}
			o.Results = append(o.Results, r)
		}
		out.Cases = append(out.Cases, o)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}

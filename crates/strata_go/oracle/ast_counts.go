// Command ast_counts is the oracle for strata_go's tree shape: for every .go file given (directories
// are walked, testdata skipped) it parses with go/parser and prints one line
//
//	path funcdecl funclit call complit go defer return selector index slice binary unary star keyvalue typeassert if for range switch typeswitch select
//
// The Rust side (examples/ast_counts.rs) prints the same line for its own tree; scripts/test.d/20-go-parser.sh
// diffs the two. Run with the installed Go (tested with go1.26): go run ast_counts.go DIR...
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	var files []string
	for _, root := range os.Args[1:] {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(p, ".go") {
				files = append(files, p)
			}
			return nil
		})
	}
	sort.Strings(files)
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			fmt.Printf("%s ERROR\n", f)
			continue
		}
		var c [21]int
		ast.Inspect(file, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.FuncDecl:
				c[0]++
			case *ast.FuncLit:
				c[1]++
			case *ast.CallExpr:
				c[2]++
			case *ast.CompositeLit:
				c[3]++
			case *ast.GoStmt:
				c[4]++
			case *ast.DeferStmt:
				c[5]++
			case *ast.ReturnStmt:
				c[6]++
			case *ast.SelectorExpr:
				c[7]++
			case *ast.IndexExpr, *ast.IndexListExpr:
				c[8]++
			case *ast.SliceExpr:
				c[9]++
			case *ast.BinaryExpr:
				c[10]++
			case *ast.UnaryExpr:
				c[11]++
			case *ast.StarExpr:
				c[12]++
			case *ast.KeyValueExpr:
				c[13]++
			case *ast.TypeAssertExpr:
				c[14]++
			case *ast.IfStmt:
				c[15]++
			case *ast.ForStmt:
				c[16]++
			case *ast.RangeStmt:
				c[17]++
			case *ast.SwitchStmt:
				c[18]++
			case *ast.TypeSwitchStmt:
				c[19]++
			case *ast.SelectStmt:
				c[20]++
			}
			return true
		})
		fmt.Print(f)
		for _, v := range c {
			fmt.Printf(" %d", v)
		}
		fmt.Println()
	}
}

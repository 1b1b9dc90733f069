package repository

import "sync"

type Order struct{ ID int64 }

type Repo struct{}

func (r *Repo) Save(o *Order)    {}
func (r *Repo) SaveCopy(o Order) {}
func Run(wg *sync.WaitGroup)     { wg.Done() }
func Guard(mu *sync.Mutex)       {}
func Watch(ch *chan int)         {}
func Fill(buf *[]byte)           {}

package types

type Server struct {
	*Base
	pkg.Embedded
	Generic[int]
	db    *sql.DB `json:"db"`
	a, b  int
	arr   [4]byte
	fn    func(int, ...string) (int, error)
	m     map[string][]*T
	c     <-chan struct{}
}

type Repo interface {
	io.Reader
	Get(ctx context.Context, id int) (*Order, error)
	Put(*Order) error
	comparable
}

func (s *Server) Handle(w http.ResponseWriter, r *http.Request) {
	s.repo.orders.Get(r.Context(), 1)
}

func (Server) value() {}

func asm(x int) int
